// The Files view offscreen, loaded by its qrc URL from the plugin the host loaded: it follows the
// model (folders, breadcrumbs, trash and restore, versions and restore), shows file kinds from
// the MIME database, and uploads/downloads through FileTransfers on a worker thread with progress.
#include <gtest/gtest.h>
#include <toolhost/toolhost.h>

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QGuiApplication>
#include <QImage>
#include <QQmlComponent>
#include <QQmlEngine>
#include <QQuickItem>
#include <QQuickWindow>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QThread>
#include <QTimer>
#include <QUrl>
#include <algorithm>

#include "fake_space.h"
#include "registerqmlkit.h"

using namespace grove;

// Runs `react` on each of the transfers' progressChanged, on the host thread as it is delivered —
// before the transfer's completion, which the worker queues after its last progress.
class ProgressWatch : public QObject {
    Q_OBJECT
public:
    ProgressWatch(QObject* transfers, std::function<void()> react) : react_(std::move(react)) {
        connect(transfers, SIGNAL(progressChanged()), this, SLOT(onProgress()));
    }
public slots:
    void onProgress() { react_(); }

private:
    std::function<void()> react_;
};

namespace {

const std::filesystem::path kTools = GROVE_TEST_TOOL_DIR;

// Processes events until `done`, for at most `timeout_ms` (transfers run on a worker thread).
bool wait_until(const std::function<bool()>& done, int timeout_ms = 20000) {
    QElapsedTimer timer;
    timer.start();
    while (!done() && timer.elapsed() < timeout_ms) {
        QCoreApplication::processEvents(QEventLoop::AllEvents, 10);
        QThread::msleep(2);
    }
    return done();
}

// Delegates are visual children, not QObject children: walk the item tree.
QQuickItem* find_item(QQuickItem* item, const QString& name) {
    if (item->objectName() == name) return item;
    for (QQuickItem* child : item->childItems())
        if (QQuickItem* found = find_item(child, name)) return found;
    return nullptr;
}

QByteArray random_bytes(qsizetype size) {
    QByteArray bytes(size, Qt::Uninitialized);
    QRandomGenerator generator(7);
    for (qsizetype i = 0; i < size; ++i) bytes[i] = static_cast<char>(generator.generate());
    return bytes;
}

QString write_local(const QTemporaryDir& dir, const QString& name, const QByteArray& content) {
    const QString path = dir.filePath(name);
    QFile file(path);
    EXPECT_TRUE(file.open(QIODevice::WriteOnly));
    file.write(content);
    return path;
}

QVariantList call_list(QObject* object, const char* method, const QString& arg = {}) {
    QVariantList out;
    EXPECT_TRUE(QMetaObject::invokeMethod(object, method, Q_RETURN_ARG(QVariantList, out),
                                          Q_ARG(QString, arg)));
    return out;
}

// Large random content, quickly (a word at a time).
QByteArray large_random_bytes(qsizetype size) {
    QByteArray bytes(size, Qt::Uninitialized);
    QRandomGenerator generator(11);
    generator.fillRange(reinterpret_cast<quint32*>(bytes.data()), size / 4);
    return bytes;
}

// Counts the turns of the host thread's event loop (a zero-interval timer fires once per pass):
// if a transfer blocked this thread, the count would stand still until it ended.
class LoopTicks {
public:
    LoopTicks() {
        QObject::connect(&timer_, &QTimer::timeout, [this] { ++ticks_; });
        timer_.start(0);
    }
    int ticks() const { return ticks_; }

private:
    QTimer timer_;
    int ticks_ = 0;
};

constexpr qsizetype kLarge = 64 * 1024 * 1024;
constexpr int kTransferTimeoutMs = 180000;  // 64 MiB in a debug build on a loaded machine

// Sets Grove.Kit's colour scheme ("light", "dark") in `engine` and gives `item` the Controls
// palette the app's window takes from the theme.
void use_scheme(QQmlEngine& engine, QQuickItem* item, const QString& scheme) {
    QQmlComponent component(&engine);
    component.setData(R"(
import QtQml
import Grove.Kit
QtObject {
    function use(s, item) {
        Theme.colorScheme = s
        const p = item.palette
        p.window = Theme.background; p.windowText = Theme.text; p.base = Theme.background
        p.alternateBase = Theme.surface; p.text = Theme.text; p.button = Theme.raised
        p.buttonText = Theme.text; p.brightText = Theme.accentText; p.highlight = Theme.accent
        p.highlightedText = Theme.accentText; p.placeholderText = Theme.textFaint
        p.light = Theme.raised; p.midlight = Theme.hover; p.mid = Theme.border
        p.dark = Theme.borderStrong; p.link = Theme.accent
    }
})",
                      QUrl());
    std::unique_ptr<QObject> setter(component.create());
    ASSERT_TRUE(setter) << component.errorString().toStdString();
    QMetaObject::invokeMethod(setter.get(), "use", Q_ARG(QVariant, scheme),
                              Q_ARG(QVariant, QVariant::fromValue(static_cast<QObject*>(item))));
}

class FilesViewTest : public ::testing::Test {
protected:
    void SetUp() override {
        kit::registerQmlKit(engine_);
        address_ = space_.add_instance("org.grove.files", "Shared", "1.0.0");
        model_ = space_.host(0).model(address_);
        ASSERT_NE(model_, nullptr);
        transfers_ = model_->property("transfers").value<QObject*>();
        ASSERT_NE(transfers_, nullptr);
        auto url = space_.host(0).view_url(address_);
        ASSERT_TRUE(url.ok());
        component_ = std::make_unique<QQmlComponent>(&engine_, QUrl(QString::fromStdString(*url)));
        ASSERT_TRUE(wait_until([&] { return !component_->isLoading(); }));
        ASSERT_TRUE(component_->isReady()) << component_->errorString().toStdString();
        object_.reset(
            component_->createWithInitialProperties({{"tool", QVariant::fromValue(model_)}}));
        ASSERT_TRUE(object_) << component_->errorString().toStdString();
        view_ = qobject_cast<QQuickItem*>(object_.get());
        ASSERT_NE(view_, nullptr);
        window_.resize(1000, 640);
        view_->setParentItem(window_.contentItem());
        view_->setSize(QSizeF(1000, 640));
        window_.show();
    }

    QQuickItem* find(const QString& name) {
        if (auto* item = view_->findChild<QQuickItem*>(name)) return item;
        return find_item(view_, name);
    }
    int count(const QString& list) { return find(list)->property("count").toInt(); }

    // Runs a transfer and waits for its `finished`; returns (ok, item id).
    std::pair<bool, QString> finish(const std::function<void()>& start) {
        QSignalSpy finished(transfers_, SIGNAL(finished(bool, QString, QString, QString)));
        start();
        EXPECT_TRUE(wait_until([&] { return finished.count() == 1; }));
        if (finished.count() != 1) return {false, {}};
        const auto args = finished.takeFirst();
        EXPECT_TRUE(args.at(0).toBool()) << args.at(3).toString().toStdString();
        return {args.at(0).toBool(), args.at(2).toString()};
    }

    tests::FakeSpace space_{{kTools}, {sdk::Role::Manager, sdk::Role::Participant}, 3};
    platform::InstanceAddress address_;
    QObject* model_ = nullptr;
    QObject* transfers_ = nullptr;
    QQmlEngine engine_;
    std::unique_ptr<QQmlComponent> component_;
    std::unique_ptr<QObject> object_;
    QQuickItem* view_ = nullptr;
    QQuickWindow window_;
    QTemporaryDir dir_;
};

}  // namespace

TEST_F(FilesViewTest, UploadsOnAWorkerWithProgressAndDownloadsTheSameBytes) {
    EXPECT_EQ(count("fileList"), 0);
    EXPECT_TRUE(find("emptyLabel")->isVisible());

    const QByteArray content = random_bytes(6 * 1024 * 1024 + 321);
    const QString local = write_local(dir_, "report.pdf", content);
    QSignalSpy progress(transfers_, SIGNAL(progressChanged()));
    auto [ok, id] = finish([&] {
        QMetaObject::invokeMethod(
            transfers_, "upload", Q_ARG(QString, QString()),
            Q_ARG(QStringList, QStringList{QUrl::fromLocalFile(local).toString()}));
        // The host thread is free while the content streams: the view shows the transfer.
        EXPECT_TRUE(transfers_->property("busy").toBool());
        EXPECT_TRUE(find("transferBar")->isVisible());
        EXPECT_EQ(transfers_->property("name").toString(), "report.pdf");
    });
    ASSERT_TRUE(ok);
    EXPECT_GE(progress.count(), 2) << "progress reported while storing";
    EXPECT_EQ(transfers_->property("done").toDouble(), static_cast<double>(content.size()));
    EXPECT_FALSE(transfers_->property("busy").toBool());
    ASSERT_TRUE(wait_until([&] { return count("fileList") == 1; }));
    const QVariantMap row = call_list(model_, "list").at(0).toMap();
    EXPECT_EQ(row["id"].toString(), id);
    EXPECT_EQ(row["kind"].toString(), "pdf");
    EXPECT_EQ(row["mimeType"].toString(), "application/pdf");
    EXPECT_EQ(row["size"].toDouble(), static_cast<double>(content.size()));

    const QString saved = dir_.filePath("copy.pdf");
    ASSERT_TRUE(finish([&] {
                    QMetaObject::invokeMethod(transfers_, "download", Q_ARG(QString, id),
                                              Q_ARG(QString, saved), Q_ARG(QString, QString()));
                }).first);
    QFile copy(saved);
    ASSERT_TRUE(copy.open(QIODevice::ReadOnly));
    EXPECT_TRUE(copy.readAll() == content);
}

// 64 MiB through the worker: the host thread's event loop keeps turning while it streams, progress
// only rises and ends at the size, and a download cancelled half-way leaves no file (and no
// temporary one) where it was going.
TEST_F(FilesViewTest, ALargeTransferKeepsTheEventLoopTurningAndACancelledDownloadLeavesNoFile) {
    const QByteArray content = large_random_bytes(kLarge);
    const QString local = write_local(dir_, "large.bin", content);

    std::vector<double> seen;
    LoopTicks loop;
    int ticks_at_first_progress = -1;
    ProgressWatch watch(transfers_, [&] {
        const double done = transfers_->property("done").toDouble();
        if (done <= 0) return;
        if (ticks_at_first_progress < 0) ticks_at_first_progress = loop.ticks();
        seen.push_back(done);
    });
    QSignalSpy finished(transfers_, SIGNAL(finished(bool, QString, QString, QString)));
    QMetaObject::invokeMethod(transfers_, "upload", Q_ARG(QString, QString()),
                              Q_ARG(QStringList, QStringList{local}));
    // The call returned at once: the content streams on the worker.
    EXPECT_TRUE(transfers_->property("busy").toBool());
    EXPECT_LT(transfers_->property("done").toDouble(), static_cast<double>(kLarge));
    ASSERT_TRUE(wait_until([&] { return finished.count() == 1; }, kTransferTimeoutMs));
    const auto uploaded = finished.takeFirst();
    ASSERT_TRUE(uploaded.at(0).toBool()) << uploaded.at(3).toString().toStdString();
    const int ticks_at_end = loop.ticks();

    ASSERT_GE(seen.size(), 8u) << "progress after each stored chunk";
    EXPECT_TRUE(std::is_sorted(seen.begin(), seen.end())) << "progress never goes back";
    EXPECT_LT(seen.front(), seen.back());
    EXPECT_EQ(seen.back(), static_cast<double>(kLarge));
    EXPECT_GE(ticks_at_end - ticks_at_first_progress, 5)
        << "the host thread's event loop turned while the content streamed";

    // Save as…, cancelled once a quarter has arrived: nothing at the destination, no leftovers.
    const QString id = uploaded.at(2).toString();
    const QString saved = dir_.filePath("saved.bin");
    bool cancelled_midway = false;
    ProgressWatch cancel_at_a_quarter(transfers_, [&] {
        const double done = transfers_->property("done").toDouble();
        if (!cancelled_midway && done >= kLarge / 4 && done < kLarge) {
            cancelled_midway = true;
            QMetaObject::invokeMethod(transfers_, "cancel");
        }
    });
    QMetaObject::invokeMethod(transfers_, "download", Q_ARG(QString, id), Q_ARG(QString, saved),
                              Q_ARG(QString, QString()));
    ASSERT_TRUE(wait_until([&] { return finished.count() == 1; }, kTransferTimeoutMs));
    const auto downloaded = finished.takeFirst();
    ASSERT_TRUE(cancelled_midway) << "the download ended before a quarter was reported";
    EXPECT_FALSE(downloaded.at(0).toBool());
    EXPECT_EQ(downloaded.at(3).toString(), "cancelled");
    EXPECT_FALSE(QFile::exists(saved));
    EXPECT_EQ(QDir(dir_.path()).entryList(QDir::Files), QStringList{"large.bin"})
        << "no temporary file left behind";
    EXPECT_FALSE(transfers_->property("busy").toBool());
}

// Cancel in the view, half-way through a 64 MiB upload: the transfer stops, no file is created
// (so no version refers to the chunks stored so far: they are left to garbage collection), and
// the bar goes away. With GROVE_FILES_TRANSFER_SHOTS set to a directory, the view is saved there
// with the transfer running, 1200 px wide, in the light and dark schemes.
TEST_F(FilesViewTest, CancelInTheViewStopsALargeUploadAndCreatesNothing) {
    window_.resize(1200, 700);
    view_->setSize(QSizeF(1200, 700));
    QString folder;
    ASSERT_TRUE(QMetaObject::invokeMethod(model_, "createFolder", Q_RETURN_ARG(QString, folder),
                                          Q_ARG(QString, QString()), Q_ARG(QString, "Surveys")));
    ASSERT_TRUE(wait_until([&] { return count("fileList") == 1; }));
    const QByteArray content = large_random_bytes(kLarge);
    const QString local = write_local(dir_, "Site survey footage.mov", content);
    QQuickItem* cancel = find("transferCancel");
    ASSERT_NE(cancel, nullptr);

    // Once plainly, or in each scheme when the shots are wanted (the scheme is set before the
    // upload starts, so the buttons' colour animations have settled when the view is grabbed).
    const QString shots = qEnvironmentVariable("GROVE_FILES_TRANSFER_SHOTS");
    const QStringList schemes =
        shots.isEmpty() ? QStringList{QString()} : QStringList{"light", "dark"};
    for (const QString& scheme : schemes) {
        SCOPED_TRACE(scheme.toStdString());
        if (!scheme.isEmpty()) {
            use_scheme(engine_, view_, scheme);
            wait_until([] { return false; }, 500);
        }
        bool clicked = false;
        ProgressWatch click_cancel(transfers_, [&] {
            const double done = transfers_->property("done").toDouble();
            if (clicked || done < kLarge / 4 || done >= kLarge) return;
            clicked = true;
            EXPECT_TRUE(find("transferBar")->isVisible());
            EXPECT_EQ(find("transferProgress")->property("value").toDouble(), done);
            if (!scheme.isEmpty()) {
                QImage image = window_.grabWindow();
                EXPECT_EQ(image.width(), 1200);
                image.save(QDir(shots).filePath(QString("files-transfer-%1-1200.png").arg(scheme)));
            }
            QMetaObject::invokeMethod(cancel, "triggered");
        });
        QSignalSpy finished(transfers_, SIGNAL(finished(bool, QString, QString, QString)));
        QMetaObject::invokeMethod(transfers_, "upload", Q_ARG(QString, QString()),
                                  Q_ARG(QStringList, QStringList{local}));
        ASSERT_TRUE(wait_until([&] { return finished.count() == 1; }, kTransferTimeoutMs));
        const auto args = finished.takeFirst();
        ASSERT_TRUE(clicked) << "the upload ended before a quarter was reported";
        EXPECT_FALSE(args.at(0).toBool());
        EXPECT_EQ(args.at(3).toString(), "cancelled");
        EXPECT_EQ(args.at(2).toString(), QString());
        EXPECT_FALSE(transfers_->property("busy").toBool());
        EXPECT_TRUE(wait_until([&] { return !find("transferBar")->isVisible(); }));
        EXPECT_EQ(call_list(model_, "list").size(), 1) << "only the folder";
        EXPECT_EQ(model_->property("itemCount").toInt(), 1);
        EXPECT_EQ(count("fileList"), 1);
    }
}

// Two files queued: Cancel stops the running one only, and the one waiting (named in `waiting`)
// then uploads whole; Cancel all, with one running and one waiting, stops both.
TEST_F(FilesViewTest, CancelStopsTheRunningTransferAndTheWaitingOneGoesOnCancelAllStopsBoth) {
    const QByteArray content = large_random_bytes(kLarge);
    const QString first = write_local(dir_, "first.bin", content);
    const QString second = write_local(dir_, "second.bin", content.left(kLarge / 2));
    QSignalSpy finished(transfers_, SIGNAL(finished(bool, QString, QString, QString)));

    bool clicked = false;
    ProgressWatch click_cancel(transfers_, [&] {
        const double done = transfers_->property("done").toDouble();
        if (clicked || transfers_->property("name").toString() != "first.bin" ||
            done < kLarge / 4 || done >= kLarge)
            return;
        clicked = true;
        EXPECT_EQ(transfers_->property("waiting").toStringList(), QStringList{"second.bin"});
        EXPECT_TRUE(find("transferCancelAll")->isVisible());
        QMetaObject::invokeMethod(find("transferCancel"), "triggered");
    });
    QMetaObject::invokeMethod(transfers_, "upload", Q_ARG(QString, QString()),
                              Q_ARG(QStringList, (QStringList{first, second})));
    ASSERT_TRUE(wait_until([&] { return finished.count() == 2; }, kTransferTimeoutMs));
    ASSERT_TRUE(clicked) << "the first upload ended before a quarter was reported";
    EXPECT_EQ(finished.at(0).at(1).toString(), "first.bin");
    EXPECT_FALSE(finished.at(0).at(0).toBool());
    EXPECT_EQ(finished.at(1).at(1).toString(), "second.bin");
    EXPECT_TRUE(finished.at(1).at(0).toBool()) << finished.at(1).at(3).toString().toStdString();
    ASSERT_TRUE(wait_until([&] { return count("fileList") == 1; }));
    EXPECT_EQ(call_list(model_, "list").at(0).toMap()["name"].toString(), "second.bin");
    finished.clear();

    bool cancelled_all = false;
    ProgressWatch click_cancel_all(transfers_, [&] {
        const double done = transfers_->property("done").toDouble();
        if (cancelled_all || done < kLarge / 4 || done >= kLarge) return;
        cancelled_all = true;
        QMetaObject::invokeMethod(find("transferCancelAll"), "triggered");
    });
    QMetaObject::invokeMethod(transfers_, "upload", Q_ARG(QString, QString()),
                              Q_ARG(QStringList, (QStringList{first, second})));
    ASSERT_TRUE(
        wait_until([&] { return finished.count() == 1 && !transfers_->property("busy").toBool(); },
                   kTransferTimeoutMs));
    ASSERT_TRUE(cancelled_all);
    EXPECT_FALSE(finished.at(0).at(0).toBool());
    EXPECT_EQ(transfers_->property("queued").toInt(), 0);
    wait_until([] { return false; }, 300);  // nothing else starts
    EXPECT_EQ(finished.count(), 1);
    EXPECT_EQ(call_list(model_, "list").size(), 1);
}

TEST_F(FilesViewTest, AFailedUploadLeavesNothingAndSaysWhy) {
    QSignalSpy finished(transfers_, SIGNAL(finished(bool, QString, QString, QString)));
    QMetaObject::invokeMethod(transfers_, "upload", Q_ARG(QString, QString()),
                              Q_ARG(QStringList, QStringList{dir_.filePath("missing.txt")}));
    ASSERT_TRUE(wait_until([&] { return finished.count() == 1; }));
    const auto args = finished.takeFirst();
    EXPECT_FALSE(args.at(0).toBool());
    EXPECT_TRUE(args.at(3).toString().contains("missing.txt"));
    EXPECT_TRUE(wait_until([&] { return find("statusLabel")->isVisible(); }));
    EXPECT_EQ(call_list(model_, "list").size(), 0);
}

TEST_F(FilesViewTest, NavigatesFoldersTrashAndVersions) {
    QString folder;
    ASSERT_TRUE(QMetaObject::invokeMethod(model_, "createFolder", Q_RETURN_ARG(QString, folder),
                                          Q_ARG(QString, QString()), Q_ARG(QString, "Photos")));
    auto [ok, photo] = finish([&] {
        QMetaObject::invokeMethod(
            transfers_, "upload", Q_ARG(QString, folder),
            Q_ARG(QStringList, QStringList{write_local(dir_, "beach.png", "not really a png")}));
    });
    ASSERT_TRUE(ok);
    EXPECT_TRUE(wait_until([&] { return count("fileList") == 1; }));  // the folder

    // Into the folder: breadcrumbs "Files › Photos", the image inside.
    QMetaObject::invokeMethod(view_, "open", Q_ARG(QVariant, folder));
    EXPECT_TRUE(wait_until([&] { return find("crumb1") != nullptr; }));
    EXPECT_EQ(find("crumb1")->property("text").toString(), "Photos");
    EXPECT_EQ(count("fileList"), 1);
    EXPECT_EQ(call_list(model_, "list", folder).at(0).toMap()["kind"].toString(), "image");

    // Versions: select, save a new one, restore the first.
    view_->setProperty("selectedId", photo);
    EXPECT_TRUE(wait_until([&] { return find("versionsPane")->isVisible(); }));
    EXPECT_EQ(count("versionList"), 1);
    ASSERT_TRUE(finish([&] {
                    QMetaObject::invokeMethod(
                        transfers_, "uploadVersion", Q_ARG(QString, photo),
                        Q_ARG(QString, write_local(dir_, "beach2.png", "a second version")));
                }).first);
    EXPECT_TRUE(wait_until([&] { return count("versionList") == 2; }));
    QQuickItem* restore = nullptr;
    ASSERT_TRUE(wait_until([&] { return (restore = find("restoreVersion1")) != nullptr; }));
    QMetaObject::invokeMethod(restore, "clicked");
    EXPECT_TRUE(wait_until([&] { return count("versionList") == 3; }));
    EXPECT_EQ(call_list(model_, "versions", photo).at(0).toMap()["size"].toDouble(), 16.0);

    // Back to the top (the first crumb), trash the folder, restore it from the Trash view.
    QMetaObject::invokeMethod(find("crumb0"), "clicked");
    EXPECT_TRUE(wait_until([&] { return view_->property("folderId").toString().isEmpty(); }));
    bool trashed = false;
    ASSERT_TRUE(QMetaObject::invokeMethod(model_, "moveToTrash", Q_RETURN_ARG(bool, trashed),
                                          Q_ARG(QString, folder)));
    ASSERT_TRUE(trashed);
    EXPECT_TRUE(wait_until([&] { return count("fileList") == 0; }));
    EXPECT_EQ(find("trashButton")->property("text").toString(), "Trash (1)");
    QMetaObject::invokeMethod(find("trashButton"), "clicked");
    EXPECT_TRUE(wait_until([&] { return count("fileList") == 1; }));
    QQuickItem* restore_item = nullptr;
    ASSERT_TRUE(wait_until([&] { return (restore_item = find("restoreButton0")) != nullptr; }));
    QMetaObject::invokeMethod(restore_item, "clicked");
    EXPECT_TRUE(wait_until([&] { return count("fileList") == 0; }));  // the trash is empty
    QMetaObject::invokeMethod(find("trashButton"), "clicked");
    EXPECT_TRUE(wait_until([&] { return count("fileList") == 1; }));
    EXPECT_EQ(call_list(model_, "list", folder).size(), 1);

    // A change from another peer shows up.
    space_.deliver_all();
    QString other;
    ASSERT_TRUE(QMetaObject::invokeMethod(space_.host(1).model(address_), "createFolder",
                                          Q_RETURN_ARG(QString, other), Q_ARG(QString, QString()),
                                          Q_ARG(QString, "Docs")));
    space_.deliver_all();
    EXPECT_TRUE(wait_until([&] { return count("fileList") == 2; }));

    QImage image = window_.grabWindow();
    EXPECT_EQ(image.width(), 1000);
    // To look at the view while working on it.
    if (const QString path = qEnvironmentVariable("GROVE_FILES_VIEW_GRAB"); !path.isEmpty())
        image.save(path);
}

int main(int argc, char** argv) {
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
    QGuiApplication app(argc, argv);
    ::testing::InitGoogleTest(&argc, argv);
    return RUN_ALL_TESTS();
}

#include "files_qml_test.moc"
