"""Reads of the management structure that routing needs: who holds the council's top and statutory posts."""
from .models import Grade, Officer, StatutoryAppointment, StatutoryRole


def statutory_officer(role):
    """Return the active officer holding statutory ``role`` (a StatutoryRole), or None."""
    appointment = (StatutoryAppointment.objects.filter(role=role, officer__is_active=True)
                   .select_related("officer__user").first())
    return appointment.officer if appointment else None


def chief_executive():
    """Return the Chief Executive: the active officer of that grade, else the Head of Paid Service; or None."""
    return (Officer.objects.filter(is_active=True, grade=Grade.CHIEF_EXECUTIVE).select_related("user").first()
            or statutory_officer(StatutoryRole.HEAD_OF_PAID_SERVICE))
