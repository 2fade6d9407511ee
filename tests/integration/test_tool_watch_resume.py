"""Resuming the Calendar's and the Sketchpad's Watch from a cursor, against a real groved, as an
integrator's sync loop does: a watcher sees a change, disconnects, changes happen, and it comes
back with the last cursor it saw — it receives exactly what it missed, in order, nothing it had
already seen, then live changes; a malformed cursor is refused."""
import queue
import threading

import grpc

from grove_harness import GroveTestCase, api_pb2
from grove.tools.calendar.v1 import calendar_service_pb2 as calendar_pb2  # noqa: E402
from grove.tools.calendar.v1 import calendar_service_pb2_grpc as calendar_pb2_grpc  # noqa: E402
from grove.tools.calendar.v1 import ops_pb2 as calendar_ops_pb2  # noqa: E402
from grove.tools.sketchpad.v1 import sketchpad_service_pb2 as sketch_pb2  # noqa: E402
from grove.tools.sketchpad.v1 import sketchpad_service_pb2_grpc as sketch_pb2_grpc  # noqa: E402
from grove.tools.sketchpad.v1 import ops_pb2 as sketch_ops_pb2  # noqa: E402
from tool_support import tool_env

WAIT = 30  # seconds for one event


class ToolWatchResumeTest(GroveTestCase):

    def start(self, tool_id):
        daemon = self.start_groved(env=tool_env(self.profile.root))
        api = self.api(daemon)
        api.create_account()
        space = api.create_space("Plans")
        instance = api.call(api.tools.Add, api_pb2.AddToolRequest(space=space.id, tool_id=tool_id))
        return api, space.id, instance.id

    def watch(self, api, method, request):
        """Opens a Watch; returns (call, events queue)."""
        call = method(request, metadata=api.metadata, timeout=120)
        self.assertEqual(dict(call.initial_metadata()).get("grove-watch"), "live")
        events = queue.Queue()

        def pump():
            try:
                for event in call:
                    events.put(event)
            except grpc.RpcError as error:
                events.put(error)
        threading.Thread(target=pump, daemon=True).start()
        return call, events

    def take_until(self, events, ids_of, wanted):
        """Events until every id in `wanted` was mentioned; returns them all."""
        out, missing = [], set(wanted)
        while missing:
            item = events.get(timeout=WAIT)
            if isinstance(item, grpc.RpcError):
                self.fail("the stream ended: %s %s" % (item.code(), item.details()))
            out.append(item)
            missing -= set(ids_of(item))
        return out

    def check_resume(self, api, watch_method, watch_request, change, ids_of):
        """`change(n)` makes one change and returns the id its events carry."""
        call, events = self.watch(api, watch_method, watch_request(""))
        first = change(0)
        seen = self.take_until(events, ids_of, [first])
        self.assertTrue(all(e.cursor for e in seen))
        call.cancel()

        missed = [change(n) for n in range(1, 4)]
        call, events = self.watch(api, watch_method, watch_request(seen[-1].cursor))
        replayed = self.take_until(events, ids_of, missed)
        mentioned = [i for e in replayed for i in ids_of(e)]
        self.assertNotIn(first, mentioned)  # nothing seen before the disconnect comes again
        self.assertEqual(sorted(set(mentioned), key=mentioned.index), missed)  # in order
        live = change(4)
        after = self.take_until(events, ids_of, [live])
        self.assertFalse(set(missed) & {i for e in after for i in ids_of(e)})  # nothing twice
        call.cancel()

        refused = watch_method(watch_request("garbage"), metadata=api.metadata, timeout=30)
        self.assertGrpcCode(grpc.StatusCode.INVALID_ARGUMENT, lambda: next(iter(refused)))

    def test_calendar_watch_resumes_exactly_after_its_cursor(self):
        api, space, instance = self.start("org.grove.calendar")
        stub = calendar_pb2_grpc.CalendarServiceStub(api.channel)
        ref = calendar_pb2.InstanceRef(space_id=space, instance_id=instance)

        def change(n):
            fields = calendar_ops_pb2.EventFields(
                title="Shift %d" % n,
                timing=calendar_ops_pb2.Timing(start="202701%02dT090000" % (n + 4),
                                               end="202701%02dT170000" % (n + 4),
                                               tzid="Europe/Paris"))
            return api.call(stub.CreateEvent,
                            calendar_pb2.CreateEventRequest(instance=ref, fields=fields)).event_id

        self.check_resume(api, stub.Watch,
                          lambda cursor: calendar_pb2.WatchRequest(instance=ref, from_cursor=cursor),
                          change, lambda event: [event.event_id])

    def test_sketchpad_watch_resumes_exactly_after_its_cursor(self):
        api, space, instance = self.start("org.grove.sketchpad")
        stub = sketch_pb2_grpc.SketchpadServiceStub(api.channel)
        ref = sketch_pb2.InstanceRef(space_id=space, instance_id=instance)

        def change(n):
            request = sketch_pb2.AddShapeRequest(
                instance=ref, kind=sketch_ops_pb2.SHAPE_KIND_RECTANGLE,
                geometry=sketch_ops_pb2.Geometry(x=40 * n, y=10, width=30, height=20))
            return api.call(stub.AddShape, request).shape.id

        change(99)  # the first shape makes the page
        self.check_resume(api, stub.Watch,
                          lambda cursor: sketch_pb2.WatchRequest(instance=ref, from_cursor=cursor),
                          change, lambda event: list(event.shape_ids))


if __name__ == "__main__":
    import unittest
    unittest.main()
