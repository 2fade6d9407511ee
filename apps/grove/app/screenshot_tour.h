// ScreenshotTour: walks a fresh profile through the main screens, light and dark, and saves each
// as a PNG (QQuickWindow::grabWindow) — for `grove --screenshot-dir` and the end-to-end test.
#pragma once

#include <QObject>
#include <QStringList>
#include <QTimer>

#include <functional>
#include <vector>

class QQuickWindow;
class QImage;

namespace grove::app {

class AppController;

class ScreenshotTour : public QObject {
    Q_OBJECT

public:
    static constexpr const char* kPassphrase = "correct horse battery staple";

    ScreenshotTour(QQuickWindow* window, AppController* app, QString outputDir,
                   QObject* parent = nullptr);

    void start();
    QStringList files() const { return files_; }
    QString error() const { return error_; }

    // How many different colours an image has (a blank or broken screen has very few).
    static int distinctColors(const QImage& image);

signals:
    void finished(bool ok);

private:
    struct Step {
        QString shot;                  // file name without .png; empty: no screenshot
        std::function<void()> action;  // runs first
        std::function<bool()> ready;   // then polled until true
    };

    void add(QString shot, std::function<void()> action, std::function<bool()> ready = {});
    void show(const QString& screen);
    // Brings the space's tool tab named `name` to the front; whether it is there.
    // Whether the Sketchpad canvas shows every tile drawn (asks for another frame if not).
    bool sketchRendered();
    bool selectToolTab(const QString& name);
    // Selects the row named `name` in the Files view (shows its versions panel).
    bool selectFile(const QString& name);
    void runStep();
    void poll();
    void grab();
    void fail(const QString& error);

    QQuickWindow* window_;
    AppController* app_;
    QString outputDir_;
    std::vector<Step> steps_;
    std::size_t current_ = 0;
    int waitedMs_ = 0;
    QTimer timer_;
    QStringList files_;
    QString error_;
    QString mainSpace_;
    QString otherSpace_;
    int leftCount_ = 0;
};

}  // namespace grove::app
