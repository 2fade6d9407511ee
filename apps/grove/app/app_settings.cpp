#include "app_settings.h"

#include <QGuiApplication>
#include <QScreen>
#include <QWindow>

namespace grove::app {

namespace {

// Every preference the app keeps: its key in the file, its default, and for a choice the values
// it may take (any other stored value reads as the default).
struct Declaration {
    const char* key;
    QVariant fallback;
    QStringList choices;
};

const Declaration& declarationOf(int setting) {
    static const Declaration kTable[] = {
        {"appearance/colorScheme",
         QStringLiteral("system"),
         {QStringLiteral("system"), QStringLiteral("light"), QStringLiteral("dark")}},
        {"notifications/enabled", true, {}},
        {"api/localEnabled", false, {}},
        {"notifications/mutedSpaces", QStringList(), {}},
        {"window/geometry", QRect(), {}},
        {"window/maximized", false, {}},
    };
    return kTable[setting];
}

}  // namespace

QVariant AppSettings::read(Setting setting) const {
    const Declaration& d = declarationOf(int(setting));
    QVariant stored = settings_->value(QLatin1String(d.key), d.fallback);
    // The INI file gives text back ("true", a one-item list as a string): read as declared.
    if (!stored.convert(d.fallback.metaType())) return d.fallback;
    if (!d.choices.isEmpty() && !d.choices.contains(stored.toString())) return d.fallback;
    return stored;
}

void AppSettings::write(Setting setting, const QVariant& value, void (AppSettings::*changed)()) {
    const bool differs = read(setting) != value;
    settings_->setValue(QLatin1String(declarationOf(int(setting)).key), value);
    settings_->sync();
    if (differs && changed) emit(this->*changed)();
}

AppSettings::AppSettings(const QString& filePath, QObject* parent) : QObject(parent) {
    settings_ = filePath.isEmpty()
                    ? std::make_unique<QSettings>(QSettings::IniFormat, QSettings::UserScope,
                                                  QStringLiteral("grove"), QStringLiteral("grove"))
                    : std::make_unique<QSettings>(filePath, QSettings::IniFormat);
}

QString AppSettings::fileName() const {
    return settings_->fileName();
}

QString AppSettings::colorScheme() const {
    return read(Setting::ColorScheme).toString();
}

void AppSettings::setColorScheme(const QString& scheme) {
    write(Setting::ColorScheme, scheme, &AppSettings::colorSchemeChanged);
}

bool AppSettings::notificationsEnabled() const {
    return read(Setting::NotificationsEnabled).toBool();
}

void AppSettings::setNotificationsEnabled(bool enabled) {
    write(Setting::NotificationsEnabled, enabled, &AppSettings::notificationsChanged);
}

bool AppSettings::localApiEnabled() const {
    return read(Setting::LocalApiEnabled).toBool();
}

void AppSettings::setLocalApiEnabled(bool enabled) {
    write(Setting::LocalApiEnabled, enabled, &AppSettings::localApiChanged);
}

QStringList AppSettings::mutedSpaces() const {
    return read(Setting::MutedSpaces).toStringList();
}

bool AppSettings::notifiesFor(const QString& spaceId) const {
    return notificationsEnabled() && !mutedSpaces().contains(spaceId);
}

void AppSettings::setSpaceMuted(const QString& spaceId, bool muted) {
    QStringList list = mutedSpaces();
    if (muted == list.contains(spaceId) || spaceId.isEmpty()) return;
    if (muted)
        list << spaceId;
    else
        list.removeAll(spaceId);
    write(Setting::MutedSpaces, list, &AppSettings::notificationsChanged);
}

void AppSettings::restoreWindow(QWindow* window) {
    window->setMinimumSize(kMinimumSize);
    const QRect saved = read(Setting::WindowGeometry).toRect();
    const bool maximized = read(Setting::WindowMaximized).toBool();
    bool onScreen = false;
    for (QScreen* screen : QGuiApplication::screens())
        if (saved.isValid() && screen->availableGeometry().intersected(saved).width() >= 100)
            onScreen = true;
    if (onScreen) {
        window->setGeometry(saved);
    } else {
        QRect rect({}, kDefaultSize);
        if (QScreen* screen =
                window->screen() ? window->screen() : QGuiApplication::primaryScreen()) {
            const QRect avail = screen->availableGeometry();
            rect.setSize(kDefaultSize.boundedTo(avail.size()));
            rect.moveCenter(avail.center());
        }
        window->setGeometry(rect);
    }
    normalGeometry_ = window->geometry();
    auto track = [this, window] {
        const auto v = window->visibility();
        if (v != QWindow::Maximized && v != QWindow::FullScreen && v != QWindow::Minimized)
            normalGeometry_ = window->geometry();
    };
    connect(window, &QWindow::xChanged, this, track);
    connect(window, &QWindow::yChanged, this, track);
    connect(window, &QWindow::widthChanged, this, track);
    connect(window, &QWindow::heightChanged, this, track);
    if (maximized) window->setVisibility(QWindow::Maximized);
}

void AppSettings::saveWindow(QWindow* window) {
    const auto v = window->visibility();
    const bool normal =
        v != QWindow::Maximized && v != QWindow::FullScreen && v != QWindow::Minimized;
    if (normal && window->geometry().isValid()) normalGeometry_ = window->geometry();
    write(Setting::WindowGeometry, normalGeometry_);
    write(Setting::WindowMaximized, window->visibility() == QWindow::Maximized);
}

}  // namespace grove::app
