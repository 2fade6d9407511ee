#include "screenshot_tour.h"

#include "app_controller.h"
#include "app_settings.h"
#include "local_api.h"
#include "demo_companion.h"
#include "demo_seeder.h"

#include <QDir>
#include <QImage>
#include <QQuickItem>
#include <QQuickWindow>
#include <QSet>

#include <algorithm>

namespace grove::app {

namespace {
constexpr int kPollMs = 50;

// Items made by repeaters and loaders are visual children, not always QObject children.
QQuickItem* findItem(QQuickItem* item, const QString& name) {
    if (item->objectName() == name) return item;
    for (QQuickItem* child : item->childItems())
        if (QQuickItem* found = findItem(child, name)) return found;
    return nullptr;
}

constexpr int kTimeoutMs = 30000;
constexpr int kSettleMs = 600;  // lets animations finish and the scene render
}  // namespace

ScreenshotTour::ScreenshotTour(QQuickWindow* window, AppController* app, QString outputDir,
                               QObject* parent)
    : QObject(parent), window_(window), app_(app), outputDir_(std::move(outputDir)) {
    timer_.setSingleShot(true);
    AccountController* account = app_->account();
    AppSettings* settings = app_->settings();
    auto idle = [this] { return !app_->busy(); };

    add(QStringLiteral("01-create-account"), [this] { show(QStringLiteral("create-account")); },
        [this, account] {
            return app_->status() == AppController::Ready &&
                   account->state() == AccountController::NoAccount;
        });
    add({}, [account] { account->createAccount(QString::fromUtf8(DemoSeeder::kDisplayName),
                                               QString::fromLatin1(kPassphrase)); },
        [account, idle] { return account->state() == AccountController::Unlocked && idle(); });
    add(QStringLiteral("02-no-spaces"), [this] { show(QStringLiteral("workspace")); });
    add(QStringLiteral("03-create-space"), [this] { show(QStringLiteral("create-space")); });
    add({},
        [this] {
            show(QStringLiteral("workspace"));
            app_->worker()->run([peer = app_->peer()] { return DemoSeeder::seedSpaces(*peer); },
                                [this](Result<std::string> result) {
                                    if (!result) return fail(QString::fromStdString(result.error().describe()));
                                    mainSpace_ = QString::fromStdString(*result);
                                    DemoSeeder::seedTools(*app_->peer(), *app_->toolHost(), *result);
                                    app_->refreshSpaces();
                                });
        },
        [this, idle] { return !mainSpace_.isEmpty() && idle(); });
    // The second member (a second Peer in this process) joins and writes while another space
    // is in view: the main space gets an unread badge.
    add({},
        [this] {
            otherSpace_ = app_->spaces()->idAt(0) == mainSpace_ ? app_->spaces()->idAt(1)
                                                                : app_->spaces()->idAt(0);
            app_->selectSpace(otherSpace_);
            app_->startCompanion(mainSpace_);
        },
        [this] {
            const int row = app_->spaces()->indexOf(mainSpace_);
            return app_->companion() && app_->companion()->isJoined() &&
                   app_->spaces()->data(app_->spaces()->index(row), SpaceListModel::UnreadRole).toInt() > 0;
        });
    add(QStringLiteral("04-unread"), [this] { show(QStringLiteral("workspace")); });
    add(QStringLiteral("05-space-chat"), [this] {
        app_->selectSpace(mainSpace_);
        app_->refreshNetwork();
        show(QStringLiteral("workspace"));
    }, [this] { return app_->space()->syncState() == QLatin1String("connected"); });
    // Members with presence: the second member's device is linked ("Online": it says nothing
    // about which space it shows, so not "Active here").
    add(QStringLiteral("06-members"), [this] {
        app_->refreshNetwork();
        show(QStringLiteral("members"));
    }, [this] {
        const auto& rows = app_->space()->members()->rows();
        return std::any_of(rows.begin(), rows.end(),
                           [](const auto& r) { return !r.me && r.presence != QLatin1String("unknown"); });
    });
    add(QStringLiteral("07-add-tool"), [this] { show(QStringLiteral("add-tool")); });
    add(QStringLiteral("08-invite"), [this] { show(QStringLiteral("invite")); });
    add(QStringLiteral("09-settings"), [this] { show(QStringLiteral("settings")); });
    add(QStringLiteral("10-settings-network"), [this] { show(QStringLiteral("settings-network")); });
    add(QStringLiteral("19-settings-devices"), [this] { show(QStringLiteral("settings-devices")); });
    add(QStringLiteral("11-space-chat-dark"), [this, settings] {
        settings->setColorScheme(QStringLiteral("dark"));
        show(QStringLiteral("workspace"));
    });
    add(QStringLiteral("12-settings-dark"), [this] { show(QStringLiteral("settings")); });
    add({}, [this, settings] {
        settings->setColorScheme(QStringLiteral("light"));
        show(QStringLiteral("workspace"));
    });
    add(QStringLiteral("15-remove-member"), [this] { show(QStringLiteral("remove-member")); });
    add(QStringLiteral("16-space-menu"), [this] { show(QStringLiteral("space-menu")); });
    add(QStringLiteral("17-settings-notifications"),
        [this] { show(QStringLiteral("settings-notifications")); });
    // The local API switched on (in the tour's own preferences) with a token just created: its
    // secret on show once, the profile token and the new one listed.
    add(QStringLiteral("20-settings-api"),
        [this] {
            app_->localApi()->setEnabled(true);
            show(QStringLiteral("settings-api"));  // creates "backup-script" through the panel
        },
        [this] { return app_->localApi()->running(); });
    add({}, [this] { app_->localApi()->setEnabled(false); });
    // Leaving a space: it disappears and the workspace says so.
    add({},
        [this] {
            show(QStringLiteral("workspace"));
            leftCount_ = app_->spaces()->count();
            app_->selectSpace(otherSpace_);
            app_->space()->leave();
        },
        [this, idle] { return app_->spaces()->count() < leftCount_ && idle(); });
    add(QStringLiteral("18-left-space"), [this] {
        app_->selectSpace(mainSpace_);
        show(QStringLiteral("workspace"));
    });
    // The Files tool with the demo's files, at three widths, light and dark; the widest with a
    // file's versions panel open.
    add({}, [this] { show(QStringLiteral("workspace")); },
        [this] { return selectToolTab(QStringLiteral("Files")); });
    int shot = 21;
    for (const char* scheme : {"light", "dark"}) {
        for (const QSize size : {QSize(960, 720), QSize(1200, 800), QSize(1920, 1080)}) {
            const QString name = QStringLiteral("%1-files-%2%3")
                                     .arg(shot++)
                                     .arg(size.width())
                                     .arg(QLatin1String(scheme) == QLatin1String("dark")
                                              ? QStringLiteral("-dark")
                                              : QString());
            add(name,
                [this, settings, scheme, size] {
                    settings->setColorScheme(QString::fromLatin1(scheme));
                    window_->resize(size);
                },
                [this, size] {
                    return window_->width() == size.width() &&
                           (size.width() < 1920 || selectFile(QStringLiteral("Release checklist.md")));
                });
        }
    }
    // Discussion the same way, then the space's menu in the smallest window.
    add({},
        [this] {
            window_->resize(1200, 800);
            selectFile(QString());
        },
        [this] { return selectToolTab(QStringLiteral("Discussion")); });
    for (const char* scheme : {"light", "dark"}) {
        for (const QSize size : {QSize(960, 720), QSize(1200, 800), QSize(1920, 1080)}) {
            const QString name = QStringLiteral("%1-discussion-%2%3")
                                     .arg(shot++)
                                     .arg(size.width())
                                     .arg(QLatin1String(scheme) == QLatin1String("dark")
                                              ? QStringLiteral("-dark")
                                              : QString());
            add(name,
                [this, settings, scheme, size] {
                    settings->setColorScheme(QString::fromLatin1(scheme));
                    window_->resize(size);
                },
                [this, size] { return window_->width() == size.width(); });
        }
    }
    add(QStringLiteral("%1-space-menu-960").arg(shot++),
        [this, settings] {
            settings->setColorScheme(QStringLiteral("light"));
            window_->resize(960, 720);
            show(QStringLiteral("space-menu"));
        },
        [this] { return window_->width() == 960; });
    // The Calendar with the demo's events this week, light and dark.
    add({},
        [this, settings] {
            show(QStringLiteral("workspace"));
            settings->setColorScheme(QStringLiteral("light"));
            window_->resize(1200, 800);
            selectFile(QString());
        },
        [this] { return selectToolTab(QStringLiteral("Calendar")); });
    add(QStringLiteral("%1-calendar-1200").arg(shot++), [] {});
    add(QStringLiteral("%1-calendar-1200-dark").arg(shot++),
        [settings] { settings->setColorScheme(QStringLiteral("dark")); });
    // The Sketchpad with the demo's page, in both schemes at three widths.
    add({},
        [this, settings] {
            show(QStringLiteral("workspace"));
            settings->setColorScheme(QStringLiteral("light"));
            window_->resize(1200, 800);
        },
        [this] { return selectToolTab(QStringLiteral("Sketchpad")); });
    for (const char* scheme : {"light", "dark"}) {
        for (const QSize size : {QSize(960, 720), QSize(1200, 800), QSize(1920, 1080)}) {
            const bool dark = QLatin1String(scheme) == QLatin1String("dark");
            add(QStringLiteral("%1-sketchpad-%2%3")
                    .arg(shot++)
                    .arg(size.width())
                    .arg(dark ? QStringLiteral("-dark") : QString()),
                [this, settings, scheme, size] {
                    settings->setColorScheme(QString::fromLatin1(scheme));
                    window_->resize(size);
                },
                [this, size] { return window_->width() == size.width() && sketchRendered(); });
        }
    }
    add({}, [this] {
        show(QStringLiteral("workspace"));
        window_->resize(1200, 800);
    });
    add({},
        [this, account, settings] {
            settings->setColorScheme(QStringLiteral("light"));
            show(QStringLiteral("workspace"));
            account->lock();
        },
        [account, idle] { return account->state() == AccountController::Locked && idle(); });
    add({}, [account] { account->unlock(QStringLiteral("not my passphrase")); },
        [account, idle] { return !account->error().isEmpty() && idle(); });
    add(QStringLiteral("13-unlock-error"), [this] { show(QStringLiteral("unlock")); });
    add(QStringLiteral("14-unlock-dark"), [this, settings] {
        settings->setColorScheme(QStringLiteral("dark"));
        show(QStringLiteral("unlock"));
    });
    add({}, [settings] { settings->setColorScheme(QStringLiteral("system")); });
}

void ScreenshotTour::add(QString shot, std::function<void()> action, std::function<bool()> ready) {
    steps_.push_back({std::move(shot), std::move(action), std::move(ready)});
}

void ScreenshotTour::start() {
    if (!QDir().mkpath(outputDir_)) return fail(QStringLiteral("cannot create ") + outputDir_);
    current_ = 0;
    connect(&timer_, &QTimer::timeout, this, &ScreenshotTour::poll);
    QTimer::singleShot(0, this, &ScreenshotTour::runStep);
}

void ScreenshotTour::show(const QString& screen) {
    QMetaObject::invokeMethod(window_, "tourShow", Q_ARG(QVariant, screen));
}

bool ScreenshotTour::sketchRendered() {
    // The canvas draws its tiles over a few frames when there are many; all of them, here.
    auto* canvas = findItem(window_->contentItem(), QStringLiteral("sketchCanvas"));
    if (!canvas) return false;
    canvas->update();
    return canvas->property("rendered").toBool();
}

bool ScreenshotTour::selectToolTab(const QString& name) {
    auto* tabs = findItem(window_->contentItem(), QStringLiteral("toolTabs"));
    if (!tabs) return false;
    const int count = tabs->property("count").toInt();
    for (int i = 0; i < count; ++i) {
        QQuickItem* button = nullptr;
        QMetaObject::invokeMethod(tabs, "itemAt", Q_RETURN_ARG(QQuickItem*, button), Q_ARG(int, i));
        if (button && button->property("text").toString() == name) {
            tabs->setProperty("currentIndex", i);
            return true;
        }
    }
    return false;
}

bool ScreenshotTour::selectFile(const QString& name) {
    auto* view = findItem(window_->contentItem(), QStringLiteral("filesView"));
    if (!view) return false;
    if (name.isEmpty()) {
        view->setProperty("selectedId", QString());
        return true;
    }
    for (const QVariant& entry : view->property("entries").toList()) {
        const QVariantMap row = entry.toMap();
        if (row.value(QStringLiteral("name")).toString() == name) {
            view->setProperty("selectedId", row.value(QStringLiteral("id")));
            return true;
        }
    }
    return false;
}

void ScreenshotTour::runStep() {
    if (current_ >= steps_.size()) {
        emit finished(error_.isEmpty());
        return;
    }
    if (steps_[current_].action) steps_[current_].action();
    waitedMs_ = 0;
    timer_.start(kPollMs);
}

void ScreenshotTour::poll() {
    if (!error_.isEmpty()) return;
    const Step& step = steps_[current_];
    if (step.ready && !step.ready()) {
        waitedMs_ += kPollMs;
        if (waitedMs_ > kTimeoutMs)
            return fail(QStringLiteral("timed out before screen ") +
                        (step.shot.isEmpty() ? QString::number(current_) : step.shot));
        timer_.start(kPollMs);
        return;
    }
    if (step.shot.isEmpty()) {
        ++current_;
        return runStep();
    }
    QTimer::singleShot(kSettleMs, this, &ScreenshotTour::grab);
}

void ScreenshotTour::grab() {
    const Step& step = steps_[current_];
    const QImage image = window_->grabWindow();
    const QString file = QDir(outputDir_).filePath(step.shot + QStringLiteral(".png"));
    if (image.isNull() || !image.save(file)) return fail(QStringLiteral("could not save ") + file);
    files_ << file;
    ++current_;
    runStep();
}

void ScreenshotTour::fail(const QString& error) {
    if (!error_.isEmpty()) return;
    error_ = error;
    timer_.stop();
    emit finished(false);
}

int ScreenshotTour::distinctColors(const QImage& image) {
    const QImage img = image.convertToFormat(QImage::Format_RGB32);
    QSet<QRgb> colors;
    for (int y = 0; y < img.height(); ++y) {
        const auto* line = reinterpret_cast<const QRgb*>(img.constScanLine(y));
        for (int x = 0; x < img.width(); ++x) colors.insert(line[x]);
    }
    return static_cast<int>(colors.size());
}

}  // namespace grove::app
