// numconv.cc — see numconv.h.  The only C++ of the pipeline: a thin shim,
// so the libraries' C++ interfaces stay out of the C code.
#include "numconv.h"

#include <double-conversion/double-to-string.h>
#include <fast_float/fast_float.h>

using double_conversion::DoubleToStringConverter;

int pv_numconv_shortest(double v, char *buf, int *point)
{
    bool sign;
    int len;
    DoubleToStringConverter::DoubleToAscii(v, DoubleToStringConverter::SHORTEST, 0, buf,
                                           PV_NUMCONV_DIGITS, &sign, &len, point);
    return len;
}

int pv_numconv_parse(const char *s, size_t n, double *out)
{
    double v;
    fast_float::from_chars_result r = fast_float::from_chars(s, s + n, v);
    if (r.ec != std::errc() || r.ptr != s + n)
        return -1;
    *out = v;
    return 0;
}
