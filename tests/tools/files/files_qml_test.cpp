// The Files view offscreen, loaded by its qrc URL from the plugin the host loaded: it follows the
// model (folders, breadcrumbs, trash and restore, versions and restore), shows file kinds from
// the MIME database, and uploads/downloads through FileTransfers on a worker thread with progress.
#include <gtest/gtest.h>
#include <toolhost/toolhost.h>

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
#include <QUrl>

#include "fake_space.h"
#include "registerqmlkit.h"

using namespace grove;

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
