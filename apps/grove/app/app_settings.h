// AppSettings: preferences of the app itself, not of a profile — colour scheme and the main
// window's geometry — kept in an INI file (by default ~/.config/grove/grove.ini).
#pragma once

#include <QObject>
#include <QRect>
#include <QSettings>
#include <QtQml/qqmlregistration.h>

#include <memory>

class QWindow;

namespace grove::app {

class AppSettings : public QObject {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Provided by AppController")
    // "system", "light" or "dark".
    Q_PROPERTY(QString colorScheme READ colorScheme WRITE setColorScheme NOTIFY colorSchemeChanged)

public:
    static constexpr QSize kDefaultSize{1200, 800};
    static constexpr QSize kMinimumSize{760, 520};

    // An empty path means the user's standard location.
    explicit AppSettings(const QString& filePath = {}, QObject* parent = nullptr);

    QString fileName() const;
    QString colorScheme() const;
    void setColorScheme(const QString& scheme);

    // Puts the window where it was last closed (if that is still on a screen), else centres it
    // at the default size; keeps track of its normal geometry until it closes.
    void restoreWindow(QWindow* window);
    void saveWindow(QWindow* window);

signals:
    void colorSchemeChanged();

private:
    std::unique_ptr<QSettings> settings_;
    QRect normalGeometry_;
};

}  // namespace grove::app
