/* value.h — parsing typed values from CSV fields (pure functions, no I/O).
 *
 * Each parser returns 0 and stores the value, or -1 and leaves *out as is.
 * Dates are days since 1970-01-01 (proleptic Gregorian).
 */
#ifndef PV_VALUE_H
#define PV_VALUE_H

#include <stdint.h>

/* Optional sign then decimal digits only, fitting in int64. */
int pv_parse_int(const char *s, int64_t *out);
/* Digits with one decimal separator `dec` ('.' or ','); optional sign;
 * no exponent, no grouping.  Finite. */
int pv_parse_dec(const char *s, char dec, double *out);
/* Exactly YYYY-MM-DD, a real calendar date, year 1900..2999. */
int pv_parse_date(const char *s, int32_t *days);
/* oui/non yes/no o/n y/n vrai/faux true/false 1/0, any case. */
int pv_parse_yesno(const char *s, int *out);

/* Days since 1970-01-01 from a civil date and back (Hinnant's algorithms). */
int32_t pv_days_from_civil(int y, int m, int d);
void pv_civil_from_days(int32_t z, int *y, int *m, int *d);
/* "YYYY-MM-DD" into buf (>= 11 bytes). */
char *pv_date_iso(char *buf, int32_t days);

#endif
