"""TEMPORARY: replaced by the API helper."""
from rest_framework.views import APIView


class BriefingListView(APIView):
    pass


class OfferListView(APIView):
    pass


class OfferRespondView(APIView):
    pass


class NoticeListView(APIView):
    pass


class NoticeDetailView(APIView):
    pass


class NoticeReportView(APIView):
    pass


class BriefingDetailView(APIView):
    pass


class BriefingApproveView(APIView):
    pass


class BriefingRejectView(APIView):
    pass


class BriefingNominateView(APIView):
    pass


class BriefingDeclineView(APIView):
    pass


class BriefingDeliverView(APIView):
    pass


class RecordView(APIView):
    pass


class AttributionListView(APIView):
    pass


class AttributionVerifyView(APIView):
    pass


class RecordFinalView(APIView):
    pass
