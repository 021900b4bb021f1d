from django.db import models


class ReminderSent(models.Model):
    """That an owner was reminded of their overdue reviews on a day: send_review_reminders
    sends each owner at most one reminder a day, however often it runs."""

    recipient = models.EmailField()
    day = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["recipient", "day"], name="base_remindersent_once")
        ]

    def __str__(self):
        return f"{self.day} {self.recipient}"
