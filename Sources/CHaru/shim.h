// libharu (Debian: libhpdf-dev), the PDF library court reports are rendered with.
#include <hpdf.h>
