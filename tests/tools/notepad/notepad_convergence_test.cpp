// Notepad through the host and the real plugin: three peers type into one document at once,
// receiving each other's operations in seeded random causal orders, some of them cut off for a
// while; all end with the same text and digest, and a peer that joins from a snapshot too.
#include <gtest/gtest.h>
#include <toolhost/toolhost.h>

#include <QObject>
#include <QVariant>
#include <random>

#include "fake_space.h"

using namespace grove;

namespace {

const std::filesystem::path kTools = GROVE_TEST_TOOL_DIR;
const char* kNotepad = "org.grove.notepad";

QString create(QObject* model, const QString& title) {
    QString id;
    EXPECT_TRUE(QMetaObject::invokeMethod(model, "createDocument", Q_RETURN_ARG(QString, id),
                                          Q_ARG(QString, title)));
    return id;
}

bool edit(QObject* model, const char* method, int position, const QVariant& argument) {
    bool ok = false;
    if (argument.typeId() == QMetaType::QString)
        EXPECT_TRUE(QMetaObject::invokeMethod(model, method, Q_RETURN_ARG(bool, ok),
                                              Q_ARG(int, position),
                                              Q_ARG(QString, argument.toString())));
    else
        EXPECT_TRUE(QMetaObject::invokeMethod(model, method, Q_RETURN_ARG(bool, ok),
                                              Q_ARG(int, position), Q_ARG(int, argument.toInt())));
    return ok;
}

bool flush(QObject* model) {
    bool ok = false;
    EXPECT_TRUE(QMetaObject::invokeMethod(model, "flush", Q_RETURN_ARG(bool, ok)));
    return ok;
}

QString text_of(QObject* model, const QString& document) {
    QString text;
    EXPECT_TRUE(QMetaObject::invokeMethod(model, "documentText", Q_RETURN_ARG(QString, text),
                                          Q_ARG(QString, document)));
    return text;
}

}  // namespace

TEST(NotepadHostConvergence, ThreePeersTypingWithPartitionsEndEqual) {
    for (std::uint64_t seed : {11u, 22u, 33u, 44u}) {
        tests::FakeSpace space(
            {kTools}, {sdk::Role::Manager, sdk::Role::Participant, sdk::Role::Participant}, seed);
        auto address = space.add_instance(kNotepad, "Notes", "1.0.0");
        for (std::size_t p = 0; p < space.size(); ++p)
            ASSERT_EQ(space.host(p).instance(address)->state, platform::InstanceState::Running)
                << space.host(p).instance(address)->message;
        const QString doc = create(space.host(0).model(address), "Shared");
        ASSERT_FALSE(doc.isEmpty());
        space.deliver_all();
        for (std::size_t p = 0; p < space.size(); ++p)
            space.host(p).model(address)->setProperty("currentDocumentId", doc);

        std::mt19937_64 rng(seed);
        auto pick = [&](int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng); };
        for (int round = 0; round < 30; ++round) {
            for (std::size_t p = 0; p < space.size(); ++p) {
                QObject* model = space.host(p).model(address);
                for (int key = 0; key < 1 + pick(6); ++key) {
                    const int now = static_cast<int>(model->property("text").toString().size());
                    if (now > 0 && pick(4) == 0) {
                        EXPECT_TRUE(edit(model, "removeText", pick(now), 1));
                    } else {
                        EXPECT_TRUE(edit(model, "insertText", pick(now + 1),
                                         QString(QChar('a' + pick(26)))));
                    }
                }
                if (pick(2) == 0) {
                    EXPECT_TRUE(flush(model));
                }
            }
            // Peer 2 is cut off for rounds 10..19; the others exchange what they have.
            if (round >= 10 && round < 20) {
                space.deliver_all_to(0);
                space.deliver_all_to(1);
            } else {
                for (int k = 0; k < 20; ++k) space.deliver_one();
            }
        }
        for (std::size_t p = 0; p < space.size(); ++p)
            EXPECT_TRUE(flush(space.host(p).model(address)));
        space.deliver_all();

        const QString expected = text_of(space.host(0).model(address), doc);
        EXPECT_GT(expected.size(), 50);
        for (std::size_t p = 0; p < space.size(); ++p) {
            QObject* model = space.host(p).model(address);
            EXPECT_EQ(text_of(model, doc), expected) << "seed " << seed << " peer " << p;
            EXPECT_EQ(model->property("text").toString(), expected)
                << "seed " << seed << " peer " << p;
            EXPECT_EQ(*space.host(p).digest(address), *space.host(0).digest(address))
                << "seed " << seed;
        }

        // A peer that starts from peer 1's snapshot shows the same document.
        auto snapshot = space.host(1).snapshot(address);
        ASSERT_TRUE(snapshot.ok());
        tests::FakeSpace late({kTools}, {sdk::Role::Participant}, seed + 1);
        auto late_address = late.add_instance(kNotepad, "Notes", "1.0.0");
        ASSERT_TRUE(late.host(0).restore(late_address, *snapshot).ok());
        EXPECT_EQ(text_of(late.host(0).model(late_address), doc), expected);
        EXPECT_EQ(*late.host(0).digest(late_address), *space.host(0).digest(address));
    }
}
