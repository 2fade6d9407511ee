// AppSettings: preferences of the app itself, not of a profile — colour scheme, the main
// window's geometry, desktop notifications (on/off, and spaces muted one by one) — kept in an INI
// file (by default ~/.config/grove/grove.ini). Each preference is declared once, in the table in
// app_settings.cpp (its key, default and allowed values); the accessors below only name it.
#pragma once

#include <QtQml/qqmlregistration.h>

#include <QObject>
#include <QRect>
#include <QSettings>
#include <QStringList>
#include <memory>

class QWindow;

namespace grove::app {

class AppSettings : public QObject {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Provided by AppController")
    // "system", "light" or "dark".
    Q_PROPERTY(QString colorScheme READ colorScheme WRITE setColorScheme NOTIFY colorSchemeChanged)
    // Desktop notifications for activity in spaces not in view (default on).
    Q_PROPERTY(bool notificationsEnabled READ notificationsEnabled WRITE setNotificationsEnabled
                   NOTIFY notificationsChanged)
    // The local gRPC API (Settings → Local API; off by default).
    Q_PROPERTY(bool localApiEnabled READ localApiEnabled NOTIFY localApiChanged)
    // Ids of the spaces whose notifications are off.
    Q_PROPERTY(QStringList mutedSpaces READ mutedSpaces NOTIFY notificationsChanged)

public:
    static constexpr QSize kDefaultSize{1200, 800};
    static constexpr QSize kMinimumSize{760, 520};

    // An empty path means the user's standard location.
    explicit AppSettings(const QString& filePath = {}, QObject* parent = nullptr);

    QString fileName() const;
    QString colorScheme() const;
    void setColorScheme(const QString& scheme);
    bool notificationsEnabled() const;
    void setNotificationsEnabled(bool enabled);
    QStringList mutedSpaces() const;
    bool localApiEnabled() const;
    void setLocalApiEnabled(bool enabled);
    // Whether a space's activity may notify (globally on and the space not muted).
    Q_INVOKABLE bool notifiesFor(const QString& spaceId) const;
    Q_INVOKABLE void setSpaceMuted(const QString& spaceId, bool muted);

    // Puts the window where it was last closed (if that is still on a screen), else centres it
    // at the default size; keeps track of its normal geometry until it closes.
    void restoreWindow(QWindow* window);
    void saveWindow(QWindow* window);

signals:
    void colorSchemeChanged();
    void notificationsChanged();
    void localApiChanged();

private:
    // The preferences, in the order of the table in app_settings.cpp.
    enum class Setting {
        ColorScheme,
        NotificationsEnabled,
        LocalApiEnabled,
        MutedSpaces,
        WindowGeometry,
        WindowMaximized,
    };
    // The stored value, or the declared default when there is none or it is not allowed.
    QVariant read(Setting setting) const;
    // Stores `value` (written through to the file) and emits `changed` if it differs from before.
    void write(Setting setting, const QVariant& value, void (AppSettings::*changed)() = nullptr);

    std::unique_ptr<QSettings> settings_;
    QRect normalGeometry_;
};

}  // namespace grove::app
