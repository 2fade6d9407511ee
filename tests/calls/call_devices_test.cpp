// Qt Multimedia devices for calls: the lists can be read with no sound card (an empty list, or
// whatever the machine has), and an unknown device is a clear NotFound, not a silent default.
#include <gtest/gtest.h>

#include <QCoreApplication>

#include "calls/qt/qt_audio_devices.h"

using namespace grove::platform::calls;

TEST(CallDevices, UnknownDevicesAreClearErrors) {
    for (const auto& d : audio_inputs()) EXPECT_FALSE(d.id.isEmpty());
    for (const auto& d : audio_outputs()) EXPECT_FALSE(d.id.isEmpty());
    auto mic = QtMicrophone::open("no-such-device-id");
    ASSERT_FALSE(mic.ok());
    EXPECT_EQ(mic.error().code, grove::ErrorCode::NotFound) << mic.error().message;
    auto speaker = QtSpeaker::open("no-such-device-id");
    ASSERT_FALSE(speaker.ok());
    EXPECT_EQ(speaker.error().code, grove::ErrorCode::NotFound) << speaker.error().message;
}

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    ::testing::InitGoogleTest(&argc, argv);
    return RUN_ALL_TESTS();
}
