// Files through the host and the real plugin (FakeSpace: three peers, seeded random causal
// delivery): uploads of local files, concurrent saves and moves, in every order — the same tree
// everywhere and exactly one conflict copy; the author downloads its bytes back.
#include <gtest/gtest.h>
#include <toolhost/toolhost.h>

#include <QFile>
#include <QObject>
#include <QTemporaryDir>
#include <QVariant>

#include "fake_space.h"

using namespace grove;

namespace {

const std::filesystem::path kTools = GROVE_TEST_TOOL_DIR;

QString write_local(const QTemporaryDir& dir, const QString& name, const QByteArray& content) {
    QString path = dir.filePath(name);
    QFile file(path);
    EXPECT_TRUE(file.open(QIODevice::WriteOnly));
    file.write(content);
    return path;
}

QByteArray read_local(const QString& path) {
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

QVariantList list(QObject* model, const QString& folder = {}) {
    QVariantList out;
    EXPECT_TRUE(QMetaObject::invokeMethod(model, "list", Q_RETURN_ARG(QVariantList, out),
                                          Q_ARG(QString, folder)));
    return out;
}

}  // namespace

TEST(FilesThroughTheHost, ConcurrentSavesAndMovesConvergeWithOneConflictCopy) {
    for (std::uint64_t seed : {11u, 22u, 33u, 44u}) {
        tests::FakeSpace space(
            {kTools}, {sdk::Role::Manager, sdk::Role::Participant, sdk::Role::Participant}, seed);
        auto address = space.add_instance("org.grove.files", "Files", "1.0.0");
        for (std::size_t p = 0; p < space.size(); ++p)
            ASSERT_EQ(space.host(p).instance(address)->state, platform::InstanceState::Running)
                << space.host(p).instance(address)->message;
        QTemporaryDir dir;
        QObject* m0 = space.host(0).model(address);
        QObject* m1 = space.host(1).model(address);
        QObject* m2 = space.host(2).model(address);
        ASSERT_TRUE(m0 && m1 && m2);

        QString folder_p, folder_q, file;
        QMetaObject::invokeMethod(m0, "createFolder", Q_RETURN_ARG(QString, folder_p),
                                  Q_ARG(QString, QString()), Q_ARG(QString, QString("P")));
        QMetaObject::invokeMethod(m0, "createFolder", Q_RETURN_ARG(QString, folder_q),
                                  Q_ARG(QString, QString()), Q_ARG(QString, QString("Q")));
        QMetaObject::invokeMethod(m0, "uploadFile", Q_RETURN_ARG(QString, file),
                                  Q_ARG(QString, QString()),
                                  Q_ARG(QString, write_local(dir, "plan.txt", "version 1")));
        ASSERT_FALSE(file.isEmpty()) << m0->property("lastError").toString().toStdString();
        space.deliver_all();

        // Apart: peers 1 and 2 both save a new version and move the file elsewhere.
        const QByteArray one = "saved on peer 1", two = "saved on peer 2";
        bool ok = false;
        QMetaObject::invokeMethod(m1, "saveVersion", Q_RETURN_ARG(bool, ok), Q_ARG(QString, file),
                                  Q_ARG(QString, write_local(dir, "one", one)));
        ASSERT_TRUE(ok) << m1->property("lastError").toString().toStdString();
        QMetaObject::invokeMethod(m2, "saveVersion", Q_RETURN_ARG(bool, ok), Q_ARG(QString, file),
                                  Q_ARG(QString, write_local(dir, "two", two)));
        ASSERT_TRUE(ok);
        QMetaObject::invokeMethod(m1, "move", Q_RETURN_ARG(bool, ok), Q_ARG(QString, file),
                                  Q_ARG(QString, folder_p), Q_ARG(QString, QString("plan.txt")));
        ASSERT_TRUE(ok);
        QMetaObject::invokeMethod(m2, "move", Q_RETURN_ARG(bool, ok), Q_ARG(QString, file),
                                  Q_ARG(QString, folder_q), Q_ARG(QString, QString("plan.txt")));
        ASSERT_TRUE(ok);
        space.deliver_all();

        const QString digest = m0->property("digest").toString();
        QString where;
        QMetaObject::invokeMethod(m0, "path", Q_RETURN_ARG(QString, where), Q_ARG(QString, file));
        for (QObject* m : {m0, m1, m2}) {
            EXPECT_EQ(m->property("digest").toString(), digest) << "seed " << seed;
            QString here;
            QMetaObject::invokeMethod(m, "path", Q_RETURN_ARG(QString, here), Q_ARG(QString, file));
            EXPECT_EQ(here, where);
            // The file and its one conflict copy, side by side in the folder the copy started in.
            int conflicts = 0;
            for (const QString& f : {QString(), folder_p, folder_q})
                for (const QVariant& v : list(m, f))
                    conflicts += !v.toMap()["conflictOf"].toString().isEmpty();
            EXPECT_EQ(conflicts, 1) << "seed " << seed;
        }
        // Each saving peer still has its own bytes, as the file or as the conflict copy (content
        // does not travel between these fake peers: each host has its own in-memory store).
        QStringList ids{file};
        for (const QString& f : {QString(), folder_p, folder_q})
            for (const QVariant& v : list(m0, f))
                if (!v.toMap()["conflictOf"].toString().isEmpty())
                    ids << v.toMap()["id"].toString();
        ASSERT_EQ(ids.size(), 2);
        for (auto [m, expected] : {std::pair{m1, one}, std::pair{m2, two}}) {
            int found = 0;
            for (const QString& id : ids) {
                QString out = dir.filePath("out-" + id);
                bool downloaded = false;
                QMetaObject::invokeMethod(m, "download", Q_RETURN_ARG(bool, downloaded),
                                          Q_ARG(QString, id), Q_ARG(QString, out),
                                          Q_ARG(QString, QString()));
                if (downloaded && read_local(out) == expected) ++found;
                QFile::remove(out);
            }
            EXPECT_EQ(found, 1) << "seed " << seed;
        }
    }
}
