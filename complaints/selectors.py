"""Reads of declared relationships (REL-DECLARE), for every routing decision (REL-CONFLICT)."""
from django.db.models import Q

from .models import DeclaredRelationship


def user_ids_related_to(user_id):
    """Return the ids of every user with whom ``user_id`` has an active declared relationship."""
    pairs = DeclaredRelationship.objects.filter(Q(person_a_id=user_id) | Q(person_b_id=user_id), is_active=True)
    return {a if b == user_id else b for a, b in pairs.values_list("person_a_id", "person_b_id")}
