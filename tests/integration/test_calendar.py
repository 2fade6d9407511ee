"""The Calendar tool over the real processes: `grovectl calendar add|list|rsvp|import|export|delete`
against groved's CalendarService (a weekly Paris meeting listed in New York time across DST, an
.ics imported all or nothing, a broken one refused with its line), and two groved linked by an
invitation editing one recurring series at once: both end with equal digests."""
import os
import tempfile

from grove_harness import GroveTestCase, Profile, grovectl, grovectl_json
from tool_support import converged, tool_env, wait_for

CALENDAR = "org.grove.calendar"
SYNC_TIMEOUT = 90  # seconds for two loopback peers to converge
FIXTURES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tools", "calendar",
                        "fixtures")


class CalendarTest(GroveTestCase):

    def test_grovectl_calendar_commands(self):
        daemon = self.start_groved(env=tool_env(self.profile.root))
        api = self.api(daemon)
        api.create_account("Ada")
        api.create_space("Team")
        grovectl_json("tool", "add", "Team", CALENDAR, "--name", "Schedule", profile=self.profile)

        added = grovectl_json("calendar", "add", "Team", "Schedule", "Planning", "2027-03-01T09:00",
                              "2027-03-01T10:00", "--zone", "Europe/Paris", "--rrule",
                              "FREQ=WEEKLY;COUNT=5", "--location", "Room 4", profile=self.profile)
        event = added["event_id"]
        self.assertEqual(len(event), 64)
        listed = grovectl_json("calendar", "list", "Team", "Schedule", "--from", "2027-03-01",
                               "--to", "2027-04-05", "--zone", "America/New_York",
                               profile=self.profile)["occurrences"]
        self.assertEqual([o["start"] for o in listed],
                         ["2027-03-01T03:00:00", "2027-03-08T03:00:00", "2027-03-15T04:00:00",
                          "2027-03-22T04:00:00", "2027-03-29T03:00:00"])
        self.assertEqual(listed[0]["location"], "Room 4")

        # One occurrence deleted; an answer.
        deleted = grovectl("calendar", "delete", "Team", "Schedule", event, "--scope", "this",
                           "--occurrence", listed[1]["recurrence_id"], profile=self.profile)
        self.assertEqual(deleted.returncode, 0, deleted.stderr)
        self.assertEqual(grovectl("calendar", "rsvp", "Team", "Schedule", event, "maybe",
                                  profile=self.profile).returncode, 0)
        listed = grovectl_json("calendar", "list", "Team", "Schedule", "--from", "2027-03-01",
                               "--to", "2027-04-05", profile=self.profile)["occurrences"]
        self.assertEqual(len(listed), 4)

        # Import: Google's export (a series with an exception, an all-day event).
        imported = grovectl_json("calendar", "import", "Team", "Schedule",
                                 os.path.join(FIXTURES, "google.ics"), profile=self.profile)
        self.assertEqual(imported, {"created": 2, "updated": 0})
        # A broken file: refused with its line, nothing added.
        with tempfile.NamedTemporaryFile("w", suffix=".ics", delete=False) as broken:
            broken.write("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:x\r\n"
                         "DTSTART:20270230T100000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
        self.addCleanup(os.unlink, broken.name)
        refused = grovectl("calendar", "import", "Team", "Schedule", broken.name,
                           profile=self.profile)
        self.assertEqual(refused.returncode, 2, refused.stderr)
        self.assertIn("line 5: DTSTART", refused.stderr)

        exported = grovectl("calendar", "export", "Team", "Schedule", profile=self.profile)
        self.assertEqual(exported.returncode, 0, exported.stderr)
        self.assertIn("SUMMARY:Planning", exported.stdout)
        self.assertIn("X-GOOGLE-CONFERENCE:https://meet.google.com/abc-defg-hij", exported.stdout)
        self.assertIn("RRULE:FREQ=WEEKLY;COUNT=5", exported.stdout)
        self.assertEqual(exported.stdout.count("BEGIN:VEVENT"), 4)  # 3 series/events + 1 exception

        # Errors: no such instance (4), a bad time (2).
        self.assertEqual(grovectl("calendar", "list", "Team", "Nothing",
                                  profile=self.profile).returncode, 4)
        self.assertEqual(grovectl("calendar", "add", "Team", "Schedule", "X", "tomorrow", "later",
                                  profile=self.profile).returncode, 2)
        self.assertEqual(daemon.stop(), 0)

    def test_two_peers_editing_one_series_converge(self):
        profile_b = Profile()
        self.addCleanup(profile_b.cleanup)
        a = self.start_groved("--listen", "127.0.0.1:0", env=tool_env(self.profile.root))
        api_a = self.api(a)
        api_a.create_account("Ada")
        space = api_a.create_space("Pair")
        grovectl_json("tool", "add", "Pair", CALENDAR, "--name", "Schedule", profile=self.profile)
        event = grovectl_json("calendar", "add", "Pair", "Schedule", "Standup", "2027-03-01T09:30",
                              "2027-03-01T09:45", "--zone", "Europe/Paris", "--rrule",
                              "FREQ=DAILY;COUNT=20", profile=self.profile)["event_id"]
        invitation = grovectl_json("invite", "Pair", "--role", "participant", profile=self.profile)
        b = self.start_groved("--listen", "127.0.0.1:0", "--peer", a.peer_address, profile=profile_b,
                              env=tool_env(profile_b.root))
        api_b = self.api(b)
        api_b.create_account("Bob")
        joined = grovectl("join", invitation["code"], profile=profile_b, timeout=90)
        self.assertEqual(joined.returncode, 0, joined.stderr)

        def count(profile):
            return len(grovectl_json("calendar", "list", "Pair", "Schedule", "--from", "2027-03-01",
                                     "--to", "2027-04-01", profile=profile)["occurrences"])

        wait_for(lambda: count(profile_b) == 20, SYNC_TIMEOUT, "B to see the series")
        # At once: A deletes two occurrences, B ends the series after the 15th and answers.
        listed = grovectl_json("calendar", "list", "Pair", "Schedule", "--from", "2027-03-01",
                               "--to", "2027-04-01", profile=self.profile)["occurrences"]
        for o in listed[2:4]:
            self.assertEqual(grovectl("calendar", "delete", "Pair", "Schedule", event, "--scope",
                                      "this", "--occurrence", o["recurrence_id"],
                                      profile=self.profile).returncode, 0)
        self.assertEqual(grovectl("calendar", "delete", "Pair", "Schedule", event, "--scope",
                                  "following", "--occurrence", listed[15]["recurrence_id"],
                                  profile=profile_b).returncode, 0)
        self.assertEqual(grovectl("calendar", "rsvp", "Pair", "Schedule", event, "yes",
                                  profile=profile_b).returncode, 0)
        wait_for(lambda: converged([api_a, api_b], space.id), SYNC_TIMEOUT, "equal digests")
        self.assertEqual(count(self.profile), 13)
        self.assertEqual(count(profile_b), 13)
        self.assertEqual(b.stop(), 0)
        self.assertEqual(a.stop(), 0)
