"""Editorial roles: who may edit, review, approve and publish what, in which city.

`setup.py` builds the groups and workflows (`manage.py setup_roles`), `venue_staff.py` gives
each venue its own staff group and image collection, and `hooks.py` keeps the admin to what
each role may see and stops anyone granting themselves more power.
"""
