#include "demo_seeder.h"

#include <QColor>
#include <QDate>
#include <QDateTime>
#include <QFile>
#include <QMetaObject>
#include <QObject>
#include <QPointF>
#include <QRandomGenerator>
#include <QString>
#include <QTemporaryDir>
#include <QVariantList>
#include <QVariantMap>

#include <array>

namespace grove::app {

std::string DemoSeeder::makePassphrase() {
    static constexpr std::array<const char*, 16> kWords = {
        "maple", "river", "lantern", "orchid", "pebble", "harbor", "meadow", "cinder",
        "willow", "quartz", "ember",   "falcon", "thistle", "copper", "juniper", "tide"};
    auto* rng = QRandomGenerator::global();
    std::string out;
    for (int i = 0; i < 4; ++i) {
        out += kWords[rng->bounded(static_cast<quint32>(kWords.size()))];
        out += '-';
    }
    out += std::to_string(rng->bounded(10, 100));
    return out;
}

Result<platform::AccountInfo> DemoSeeder::createAccount(platform::Peer& peer,
                                                        const std::string& passphrase) {
    return peer.create_account(kDisplayName, passphrase);
}

Result<std::string> DemoSeeder::seedSpaces(platform::Peer& peer) {
    auto main = peer.create_space(kMainSpace);
    if (!main) return main.error();
    const std::string id = main->id;
    const char* welcome[] = {
        "Welcome to your demo space! Everything you see lives on this device, encrypted with "
        "the space's own key.",
        "Chat sits beside every space. Press Enter to send and Shift+Enter for a new line.",
        "Hover over one of your own messages to edit or delete it, or press the Up arrow in an "
        "empty message box to edit your last one.",
    };
    for (const char* text : welcome) GROVE_TRY(peer.post_chat(id, text));

    auto edited = peer.post_chat(id, "This message will be edited.");
    if (!edited) return edited.error();
    GROVE_TRY(peer.edit_chat(id, edited->id,
                             "This message was edited after it was sent, so it carries a mark."));
    auto removed = peer.post_chat(id, "This message will be deleted.");
    if (!removed) return removed.error();
    GROVE_TRY(peer.delete_chat(id, removed->id));

    GROVE_TRY(peer.post_chat(id,
                             "Keyboard: Ctrl+N creates a space, Ctrl+1 to Ctrl+9 jump between "
                             "spaces, Ctrl+, opens settings and Ctrl+L locks Grove."));

    auto garden = peer.create_space("Garden club");
    if (!garden) return garden.error();
    GROVE_TRY(peer.post_chat(garden->id, "Seed swap on Saturday at ten. Bring labelled envelopes!"));

    auto release = peer.create_space("Release planning");
    if (!release) return release.error();
    GROVE_TRY(peer.post_chat(release->id,
                             "Draft plan: feature freeze on the 14th, release on the 21st."));
    return id;
}

namespace {

// Content for the Discussion tool, through the same model calls its view makes.
void seedDiscussion(QObject* model) {
    QString topic;
    QMetaObject::invokeMethod(model, "postTopic", Q_RETURN_ARG(QString, topic),
                              Q_ARG(QString, QStringLiteral("How we use this space")),
                              Q_ARG(QString, QStringLiteral(
                                  "Discussion is for things that deserve a **thread**: decisions, "
                                  "proposals, questions with long answers.\n\n"
                                  "- Quick remarks go in the chat on the right\n"
                                  "- Anything worth finding later goes here")));
    if (!topic.isEmpty()) {
        QString ignored;
        QMetaObject::invokeMethod(model, "reply", Q_RETURN_ARG(QString, ignored), Q_ARG(QString, topic),
                                  Q_ARG(QString, QStringLiteral("Replies nest under the topic, and "
                                                                "*Markdown* works here too.")));
    }
    QString second;
    QMetaObject::invokeMethod(model, "postTopic", Q_RETURN_ARG(QString, second),
                              Q_ARG(QString, QStringLiteral("Ideas for the spring meetup")),
                              Q_ARG(QString, QStringLiteral("Venue, date, and who brings what. "
                                                            "Add your ideas as replies.")));
}

// Content for the Files tool: a folder and a few small files, uploaded through the model the view
// uses (the files are written to a temporary directory first, like a user's local files).
void seedFiles(QObject* model) {
    QTemporaryDir dir;
    if (!dir.isValid()) return;
    auto upload = [&](const QString& folder, const QString& name, const QByteArray& content) {
        const QString path = dir.filePath(name);
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly) || file.write(content) != content.size()) return;
        file.close();
        QString ignored;
        QMetaObject::invokeMethod(model, "uploadFile", Q_RETURN_ARG(QString, ignored),
                                  Q_ARG(QString, folder), Q_ARG(QString, path));
    };
    QString minutes;
    QMetaObject::invokeMethod(model, "createFolder", Q_RETURN_ARG(QString, minutes),
                              Q_ARG(QString, QString()), Q_ARG(QString, QStringLiteral("Minutes")));
    QString photos;
    QMetaObject::invokeMethod(model, "createFolder", Q_RETURN_ARG(QString, photos),
                              Q_ARG(QString, QString()), Q_ARG(QString, QStringLiteral("Photos")));
    upload(QString(), QStringLiteral("Release checklist.md"),
           "# Release checklist\n\n- [ ] Freeze features\n- [ ] Test on every platform\n"
           "- [ ] Write the notes\n");
    upload(QString(), QStringLiteral("Budget 2027.csv"),
           "item,amount\nvenue,1200\ncatering,800\nprinting,150\n");
    upload(QString(), QStringLiteral("Meetup poster.pdf"),
           QByteArray("%PDF-1.4\n% a demo file\n") + QByteArray(48 * 1024, 'p'));
    upload(QString(), QStringLiteral("Logo.png"), QByteArray(23 * 1024, 'l'));
    upload(QString(), QStringLiteral("Interview.mp3"), QByteArray(310 * 1024, 'a'));
    upload(QString(), QStringLiteral("Sources.zip"), QByteArray(96 * 1024, 'z'));
    if (!minutes.isEmpty())
        upload(minutes, QStringLiteral("Kick-off.txt"), "Present: everyone.\nDecided: spring.\n");
}

// A Notepad document, typed through the same model calls its view makes, then submitted.
void seedNotepad(QObject* model) {
    QString document;
    QMetaObject::invokeMethod(model, "createDocument", Q_RETURN_ARG(QString, document),
                              Q_ARG(QString, QStringLiteral("Meeting notes")));
    if (document.isEmpty()) return;
    model->setProperty("currentDocumentId", document);
    bool ok = false;
    QMetaObject::invokeMethod(model, "insertText", Q_RETURN_ARG(bool, ok), Q_ARG(int, 0),
                              Q_ARG(QString, QStringLiteral(
                                  "# Meeting notes\n\nEveryone can type here at the same time.\n\n"
                                  "- Agenda: the spring meetup\n- **Decided:** venue by Friday\n")));
    QMetaObject::invokeMethod(model, "flush", Q_RETURN_ARG(bool, ok));
}

// A Calendar with this week's and next week's events, made through the view's model calls: a
// daily standup, a weekly planning in Paris time, lunch today, an all-day offsite, a review with
// the member invited, all around the current date so the views show them.
void seedCalendar(QObject* model) {
    const QDate today = QDate::currentDate();
    const QDate monday = today.addDays(1 - today.dayOfWeek());
    auto at = [](QDate day, int hour, int minute) {
        return static_cast<double>(QDateTime(day, QTime(hour, minute)).toMSecsSinceEpoch());
    };
    auto create = [model](const QVariantMap& fields) {
        QString id;
        QMetaObject::invokeMethod(model, "createEvent", Q_RETURN_ARG(QString, id),
                                  Q_ARG(QVariantMap, fields));
        return id;
    };
    create({{"title", QStringLiteral("Standup")}, {"start", at(monday, 9, 30)},
            {"end", at(monday, 9, 45)}, {"rrule", QStringLiteral("FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR")},
            {"color", QStringLiteral("#3b7dd8")}, {"location", QStringLiteral("Video call")}});
    create({{"title", QStringLiteral("Planning with the Paris office")},
            {"start", at(monday.addDays(1), 14, 0)}, {"end", at(monday.addDays(1), 15, 0)},
            {"rrule", QStringLiteral("FREQ=WEEKLY")}, {"timeZone", QStringLiteral("Europe/Paris")},
            {"color", QStringLiteral("#8e5bd8")},
            {"description", QStringLiteral("**Agenda**\n\n- Spring meetup\n- Budget")}});
    create({{"title", QStringLiteral("Lunch with Sam")}, {"start", at(today, 12, 30)},
            {"end", at(today, 13, 30)}, {"color", QStringLiteral("#2e9e6a")},
            {"location", QStringLiteral("Café Central")}});
    create({{"title", QStringLiteral("Design review")}, {"start", at(monday.addDays(3), 10, 0)},
            {"end", at(monday.addDays(3), 11, 30)}, {"color", QStringLiteral("#d8733b")},
            {"attendees", QVariantList{model->property("myId")}}, {"reminders", QVariantList{15}}});
    create({{"title", QStringLiteral("Offsite")}, {"allDay", true},
            {"start", at(monday.addDays(9), 0, 0)}, {"end", at(monday.addDays(11), 0, 0)},
            {"color", QStringLiteral("#c24d6b")}});
}

// A Forms instance set up as a small task list for the meetup, through the view's model calls: a
// schema (task, status, owner, due date, budget, notes) and four records, one of them done.
void seedForms(QObject* model) {
    auto call = [model](const char* method, const QVariantMap& map) {
        QString id;
        QMetaObject::invokeMethod(model, method, Q_RETURN_ARG(QString, id),
                                  Q_ARG(QVariantMap, map));
        return id;
    };
    call("addField", {{"name", QStringLiteral("Task")}, {"type", 1}, {"required", true}});
    call("addField", {{"name", QStringLiteral("Status")},
                      {"type", 7},
                      {"options", QStringList{"To do", "Doing", "Done"}}});
    call("addField", {{"name", QStringLiteral("Owner")}, {"type", 9}});
    call("addField", {{"name", QStringLiteral("Due")}, {"type", 5}});
    call("addField", {{"name", QStringLiteral("Budget")},
                      {"type", 4},
                      {"currency", QStringLiteral("EUR")},
                      {"min", 0}});
    call("addField", {{"name", QStringLiteral("Notes")}, {"type", 2}});
    const QDate today = QDate::currentDate();
    const QString me = model->property("myId").toString();
    auto day = [&](int days) { return today.addDays(days).toString(Qt::ISODate); };
    call("createRecord", {{"Task", QStringLiteral("Book the venue")},
                          {"Status", QStringLiteral("Doing")},
                          {"Owner", me},
                          {"Due", day(4)},
                          {"Budget", QStringLiteral("800")},
                          {"Notes", QStringLiteral("The library or **the old mill**?")}});
    call("createRecord", {{"Task", QStringLiteral("Print the posters")},
                          {"Status", QStringLiteral("To do")},
                          {"Due", day(10)},
                          {"Budget", QStringLiteral("120.50")}});
    call("createRecord", {{"Task", QStringLiteral("Ask the garden club for seedlings")},
                          {"Status", QStringLiteral("To do")},
                          {"Due", day(12)}});
    call("createRecord", {{"Task", QStringLiteral("Send the invitations")},
                          {"Status", QStringLiteral("Done")},
                          {"Owner", me},
                          {"Due", day(-2)}});
}

// A Sketchpad page, drawn through the same model calls its canvas makes: a title, sticky notes,
// boxes joined by arrows and a freehand underline.
void seedSketchpad(QObject* model) {
    QString page;
    QMetaObject::invokeMethod(model, "addPage", Q_RETURN_ARG(QString, page),
                              Q_ARG(QString, QStringLiteral("Spring meetup")));
    if (page.isEmpty()) return;
    auto add = [model](int kind, qreal x, qreal y, qreal w, qreal h, const QString& text) {
        QString id;
        QMetaObject::invokeMethod(model, "addShape", Q_RETURN_ARG(QString, id), Q_ARG(int, kind),
                                  Q_ARG(qreal, x), Q_ARG(qreal, y), Q_ARG(qreal, w),
                                  Q_ARG(qreal, h), Q_ARG(QString, text));
    };
    auto stroke = [model](int kind, std::initializer_list<QPointF> points) {
        bool ok = false;
        auto it = points.begin();
        QMetaObject::invokeMethod(model, "beginStroke", Q_RETURN_ARG(bool, ok), Q_ARG(int, kind),
                                  Q_ARG(qreal, it->x()), Q_ARG(qreal, it->y()));
        for (++it; it != points.end(); ++it)
            QMetaObject::invokeMethod(model, "extendStroke", Q_ARG(qreal, it->x()),
                                      Q_ARG(qreal, it->y()));
        QString id;
        QMetaObject::invokeMethod(model, "endStroke", Q_RETURN_ARG(QString, id));
    };
    enum { Freehand = 1, Arrow = 3, Rectangle = 4, Ellipse = 5, Text = 6, Sticky = 7 };
    model->setProperty("fontSize", 34);
    add(Text, 0, 0, 520, 50, QStringLiteral("Spring meetup plan"));
    model->setProperty("strokeColor", QColor(0x2f, 0x81, 0xf7));
    model->setProperty("strokeWidth", 4);
    stroke(Freehand, {{0, 58}, {80, 62}, {160, 57}, {240, 63}, {320, 58}, {400, 62}});
    model->setProperty("fontSize", 20);
    model->setProperty("strokeColor", QColor(0x1f, 0x23, 0x28));
    model->setProperty("strokeWidth", 3);
    model->setProperty("fillColor", QColor(0xdd, 0xf4, 0xff));
    add(Rectangle, 0, 120, 200, 100, {});
    add(Text, 20, 150, 170, 40, QStringLiteral("Pick a venue"));
    model->setProperty("fillColor", QColor(0xda, 0xfb, 0xe1));
    add(Ellipse, 300, 110, 220, 120, {});
    add(Text, 345, 150, 150, 40, QStringLiteral("Invite all"));
    model->setProperty("fillColor", QColor(0xff, 0xeb, 0xe9));
    add(Rectangle, 620, 120, 200, 100, {});
    add(Text, 650, 150, 160, 40, QStringLiteral("Meetup day"));
    stroke(Arrow, {{205, 170}, {295, 170}});
    stroke(Arrow, {{525, 170}, {615, 170}});
    model->setProperty("fillColor", QColor(Qt::transparent));
    add(Sticky, 0, 280, 200, 160, QStringLiteral("Venue by Friday: the library or the old mill?"));
    add(Sticky, 240, 280, 200, 160, QStringLiteral("Ask the garden club to bring seedlings"));
    add(Sticky, 480, 280, 200, 160, QStringLiteral("Budget: 2,150 (see Files)"));
    model->setProperty("strokeColor", QColor(0xcf, 0x22, 0x2e));
    stroke(Freehand, {{700, 300},
                      {740, 290},
                      {790, 310},
                      {800, 350},
                      {770, 390},
                      {720, 395},
                      {690, 360},
                      {700, 305}});
    QMetaObject::invokeMethod(model, "clearSelection");
    model->setProperty("strokeColor", QColor(0x1f, 0x23, 0x28));
    model->setProperty("strokeWidth", 3);
}

}  // namespace

int DemoSeeder::seedTools(platform::Peer& peer, platform::ToolHost& host, const std::string& space) {
    auto tools = peer.installed_tools();
    if (!tools) return 0;
    int added = 0;
    for (const auto& tool : *tools) {
        if (tool.state != "running") continue;
        auto instance = peer.add_tool(space, tool.id, tool.name);
        if (!instance) continue;
        ++added;
        platform::InstanceAddress address;
        if (!sdk::from_hex(space, address.space) || !sdk::from_hex(instance->id, address.instance))
            continue;
        QObject* model = host.model(address);
        if (model && tool.id == "org.grove.discussion") seedDiscussion(model);
        if (model && tool.id == "org.grove.files") seedFiles(model);
        if (model && tool.id == "org.grove.notepad") seedNotepad(model);
        if (model && tool.id == "org.grove.calendar") seedCalendar(model);
        if (model && tool.id == "org.grove.sketchpad") seedSketchpad(model);
        if (model && tool.id == "org.grove.forms") seedForms(model);
    }
    return added;
}

}  // namespace grove::app
