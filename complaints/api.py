"""TEMPORARY: replaced by the API helper."""
from rest_framework.views import APIView


class ComplaintListView(APIView):
    pass


class ComplaintDetailView(APIView):
    pass


class ComplaintAcknowledgeView(APIView):
    pass


class ComplaintAssessView(APIView):
    pass


class ComplaintNotifySubjectView(APIView):
    pass


class ComplaintEscalateView(APIView):
    pass


class ComplaintOutcomeView(APIView):
    pass


class ComplaintIndependentPersonView(APIView):
    pass


class ComplaintDecisionView(APIView):
    pass


class RelationshipListView(APIView):
    pass


class RelationshipRegisterView(APIView):
    pass


class RelationshipWithdrawView(APIView):
    pass
