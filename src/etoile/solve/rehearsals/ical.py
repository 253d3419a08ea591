"""A dancer's week as an iCalendar file (RFC 5545), in the company's time zone.

Events carry ``TZID`` parameters and the calendar a matching ``VTIMEZONE``, so phones show the
calls at the company's local time wherever the dancer is.
"""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, Timezone

from etoile.model import Season
from etoile.model.schedule import RehearsalSchedule, back_to_back
from etoile.solve.rehearsals.callsheet import studio_labels

PRODID = "-//Etoile//Rehearsal schedule//EN"


def dancer_calendar(season: Season, schedule: RehearsalSchedule, dancer_id: str) -> bytes:
    """The dancer's calls of the week as an ``.ics`` file (back-to-back calls of one group are
    one event)."""
    zone = ZoneInfo(schedule.time_zone)
    studios = studio_labels(season, schedule.company_id)
    venues = {v.id: v.name for v in season.venues}
    staff = {m.id: m.name for m in [*season.ballet_masters, *season.pianists]}
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("x-wr-calname", f"{season.dancer(dancer_id).name} — rehearsals")
    cal.add("x-wr-timezone", schedule.time_zone)
    cal.add_component(Timezone.from_tzinfo(zone))
    stamp = datetime.now(UTC).replace(microsecond=0)
    for run in back_to_back(schedule.calls_of(dancer_id)):  # a group's run of calls: one event
        call = run[0]
        event = Event()
        event.add("uid", f"{schedule.company_id}-{call.id}-{dancer_id}@etoile")
        event.add("dtstamp", stamp)
        event.add("dtstart", call.start.astimezone(zone))
        event.add("dtend", run[-1].end.astimezone(zone))
        event.add("summary", call.label or call.kind.value)
        place = studios.get(call.studio_id or "") or venues.get(call.venue_id or "", "")
        if place:
            event.add("location", place)
        who = [
            f"{role}: {staff.get(person, person)}"
            for role, person in (
                ("Ballet master", call.ballet_master_id),
                ("Pianist", call.pianist_id),
            )
            if person
        ]
        if who:
            event.add("description", "\n".join(who))
        event.add("categories", [call.kind.value])
        cal.add_component(event)
    return cal.to_ical()
