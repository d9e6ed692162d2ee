/* expected.h — reading the expected-value files of tests/expected/ (CSV
 * written by R, PSPP or Python; see tests/expected/README.md) in the unit
 * tests.  Include after <cmocka.h>; the tests run from tests/unit. */
#ifndef PV_TEST_EXPECTED_H
#define PV_TEST_EXPECTED_H

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

/* Next line of f without its line end into *line; 0 at end of file. */
static inline int next_line(FILE *f, char **line, size_t *cap)
{
    ssize_t n = getline(line, cap, f);
    if (n < 0)
        return 0;
    while (n > 0 && ((*line)[n - 1] == '\n' || (*line)[n - 1] == '\r'))
        (*line)[--n] = '\0';
    return 1;
}

/* Split line in place at sep into at most max fields (empty fields kept);
 * returns the count. */
static inline size_t split(char *line, char sep, char **field, size_t max)
{
    size_t n = 0;
    for (char *s = line;; s++) {
        assert_true(n < max);
        field[n++] = s;
        if ((s = strchr(s, sep)) == NULL)
            return n;
        *s = '\0';
    }
}

/* A number of an expected file: "NA" and "NaN" are NAN. */
static inline double num(const char *s)
{
    if (strcmp(s, "NA") == 0 || strcmp(s, "NaN") == 0)
        return NAN;
    char *end;
    double v = strtod(s, &end);
    if (end == s || *end != '\0')
        fail_msg("not a number: '%s'", s);
    return v;
}

/* ../expected/name, opened, its header line checked (unless header is
 * NULL). */
static inline FILE *open_expected(const char *name, const char *header)
{
    char path[256], *line = NULL;
    size_t cap = 0;
    snprintf(path, sizeof path, "../expected/%s", name);
    FILE *f = fopen(path, "r");
    if (!f)
        fail_msg("cannot open %s", path);
    assert_true(next_line(f, &line, &cap));
    if (header)
        assert_string_equal(line, header);
    free(line);
    return f;
}

#endif
