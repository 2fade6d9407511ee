// grove: the desktop app. Parses the command line, refuses to start without a display (groved
// is the headless peer), and hands everything else to grove::app::AppShell.
#include "common/allocator_tuning.h"
#include "common/process_hardening.h"
#include "app/app_options.h"
#include "app/app_shell.h"
#include "app/screenshot_tour.h"

#include <QGuiApplication>
#include <QQuickStyle>

#include <cstdio>

int main(int argc, char* argv[]) {
    grove::tune_allocator();
    // Keys live in this process: no core dumps, no ptrace by other processes.
    if (auto why = grove::harden_process(); !why.empty())
        std::fprintf(stderr, "grove: warning: %s\n", why.c_str());
    using grove::app::AppOptions;
    QStringList arguments;
    for (int i = 0; i < argc; ++i) arguments << QString::fromLocal8Bit(argv[i]);
    const AppOptions options = AppOptions::parse(arguments);
    switch (options.outcome) {
        case AppOptions::Outcome::Help:
        case AppOptions::Outcome::Version:
            std::printf("%s\n", qPrintable(options.message));
            return 0;
        case AppOptions::Outcome::Error:
            std::fprintf(stderr, "grove: %s (see grove --help)\n", qPrintable(options.message));
            return 2;
        case AppOptions::Outcome::Run: break;
    }
    // Screenshots need no screen: render offscreen when there is none.
    if (!options.screenshotDir.isEmpty() && grove::app::noDisplayAvailable())
        qputenv("QT_QPA_PLATFORM", "offscreen");
    if (grove::app::noDisplayAvailable()) {
        std::fprintf(stderr,
                     "grove: no display found (DISPLAY and WAYLAND_DISPLAY are not set).\n"
                     "grove: the desktop app needs a graphical session; to run a peer without\n"
                     "grove: one, start groved instead (or set QT_QPA_PLATFORM=offscreen).\n");
        return 3;
    }

    QGuiApplication app(argc, argv);
    QGuiApplication::setApplicationName(QStringLiteral("grove"));
    QGuiApplication::setApplicationDisplayName(QStringLiteral("Grove"));
    QGuiApplication::setOrganizationName(QStringLiteral("grove"));
    QGuiApplication::setDesktopFileName(QStringLiteral("org.grove.Grove"));
    QQuickStyle::setStyle(QStringLiteral("Fusion"));

    grove::app::AppShell shell(options);
    if (!shell.load()) {
        std::fprintf(stderr, "grove: %s\n", qPrintable(shell.error()));
        return 1;
    }
    if (!options.screenshotDir.isEmpty()) {
        auto* tour = new grove::app::ScreenshotTour(shell.window(), shell.controller(),
                                                    options.screenshotDir, &shell);
        QObject::connect(tour, &grove::app::ScreenshotTour::finished, &app, [tour](bool ok) {
            if (ok) {
                for (const QString& file : tour->files()) std::printf("%s\n", qPrintable(file));
            } else {
                std::fprintf(stderr, "grove: screenshots failed: %s\n", qPrintable(tour->error()));
            }
            QCoreApplication::exit(ok ? 0 : 1);
        });
        tour->start();
    }
    return app.exec();
}
