from .base import *  # noqa: F403

DEBUG = True
# Dev creates a demo admin user (make run); never in any other settings module.
PORTAL_DEMO_ADMIN = True
# make run loads the fictional Exempelstaden: say so on every page.
PORTAL_DEMO = True
# New reports and feedback are e-mailed to whoever answers for them: shown on the console.
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
