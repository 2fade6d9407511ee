// A tool's view loaded offscreen as the app shows it, for the tools' QML tests: a window in
// Grove.Kit's theme (Controls palette from it, light or dark), the view from the host's qrc URL.
#pragma once

#include <gtest/gtest.h>
#include <toolhost/toolhost.h>

#include <QCoreApplication>
#include <QImage>
#include <QQmlComponent>
#include <QQmlEngine>
#include <QQuickItem>
#include <QQuickWindow>
#include <QSet>
#include <QThread>
#include <QUrl>
#include <functional>
#include <memory>

namespace grove::test {

// processEvents returns as soon as nothing is pending: sleep between rounds so timers come due.
inline bool wait_until(const std::function<bool()>& done) {
    for (int i = 0; i < 300 && !done(); ++i) {
        QCoreApplication::processEvents(QEventLoop::AllEvents, 10);
        QThread::msleep(10);
    }
    return done();
}

inline void settle(int ms = 100) {
    for (int i = 0; i < ms / 10; ++i) {
        QCoreApplication::processEvents(QEventLoop::AllEvents, 10);
        QThread::msleep(10);
    }
}

// The app's window (qml/Grove/Shell/Main.qml): Grove.Kit's theme, the Controls palette from it.
inline constexpr const char* kToolWindowQml = R"(
import QtQuick
import QtQuick.Controls
import Grove.Kit
ApplicationWindow {
    property bool dark: false
    Binding { target: Theme; property: "colorScheme"; value: dark ? "dark" : "light" }
    color: Theme.background
    font.pixelSize: Theme.fontBody
    palette.window: Theme.background
    palette.windowText: Theme.text
    palette.base: Theme.background
    palette.alternateBase: Theme.surface
    palette.text: Theme.text
    palette.button: Theme.raised
    palette.buttonText: Theme.text
    palette.brightText: Theme.accentText
    palette.highlight: Theme.accent
    palette.highlightedText: Theme.accentText
    palette.placeholderText: Theme.textFaint
    palette.light: Theme.raised
    palette.midlight: Theme.hover
    palette.mid: Theme.border
    palette.dark: Theme.borderStrong
    palette.link: Theme.accent
}
)";

struct LoadedView {
    std::unique_ptr<QObject> window_object;
    std::unique_ptr<QObject> view_object;
    QQuickWindow* window = nullptr;
    QQuickItem* view = nullptr;
};

// The instance's view at `width`×`height`, shown; failures are test failures.
inline LoadedView load_view(QQmlEngine& engine, platform::ToolHost& host,
                            const platform::InstanceAddress& address, int width, int height,
                            bool dark) {
    LoadedView loaded;
    QQmlComponent window_component(&engine);
    window_component.setData(kToolWindowQml, QUrl("qrc:/test/Window.qml"));
    loaded.window_object.reset(window_component.createWithInitialProperties({{"dark", dark}}));
    EXPECT_TRUE(loaded.window_object) << window_component.errorString().toStdString();
    loaded.window = qobject_cast<QQuickWindow*>(loaded.window_object.get());
    auto url = host.view_url(address);
    EXPECT_TRUE(url.ok());
    QQmlComponent component(&engine, QUrl(QString::fromStdString(*url)));
    EXPECT_TRUE(wait_until([&] { return !component.isLoading(); }));
    EXPECT_TRUE(component.isReady()) << component.errorString().toStdString();
    loaded.view_object.reset(component.createWithInitialProperties(
        {{"tool", QVariant::fromValue(host.model(address))}}));
    EXPECT_TRUE(loaded.view_object) << component.errorString().toStdString();
    loaded.view = qobject_cast<QQuickItem*>(loaded.view_object.get());
    loaded.window->resize(width, height);
    loaded.view->setParentItem(loaded.window->contentItem());
    loaded.view->setSize(QSizeF(width, height));
    loaded.window->show();
    return loaded;
}

// How many colours a screenshot holds: a blank or single-colour grab has very few.
inline int distinct_colors(const QImage& image) {
    const QImage img = image.convertToFormat(QImage::Format_RGB32);
    QSet<QRgb> colors;
    for (int y = 0; y < img.height(); ++y) {
        const auto* line = reinterpret_cast<const QRgb*>(img.constScanLine(y));
        for (int x = 0; x < img.width(); ++x) colors.insert(line[x]);
    }
    return static_cast<int>(colors.size());
}

}  // namespace grove::test
