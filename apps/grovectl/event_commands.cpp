// EventService: watch (a space's events as they happen).
#include "api_commands.h"
#include "api_format.h"
#include "grove/api/v1/api.grpc.pb.h"

namespace grove::apps::grovectl {

namespace v1 = grove::api::v1;
using Events = v1::EventService::Stub;

void add_event_commands(CommandLine& cli) {
    CLI::App* watch = cli.command(&cli.app(), "watch",
                                  "Print a space's events as they happen, until interrupted "
                                  "(Ctrl-C)");
    auto& space = cli.space_argument(watch);
    auto& existing = cli.keep<bool>();
    watch->add_flag("--existing", existing, "First print the existing messages");
    cli.on_run(
        watch,
        [&](CommandContext& context) {
            v1::WatchRequest request;
            request.set_space(space);
            request.set_include_existing(existing);
            // The server sends the header "grove-watch" once the subscription is live.
            return context.follow(
                &Events::Watch, request, space, "watch",
                [&](const v1::SpaceEvent& event) {
                    context.print(to_json(event), format_event_line(event));
                },
                "grove-watch");
        },
        /*streaming=*/true);
}

}  // namespace grove::apps::grovectl
