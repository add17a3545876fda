// libqrencode (Debian: libqrencode-dev), which draws the QR code a user scans to enrol an authenticator app.
#include <qrencode.h>
