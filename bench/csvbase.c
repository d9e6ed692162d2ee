/* csvbase — the libcsv-only baseline of `make bench`.
 *
 *   csvbase FILE...
 *
 * Reads each file whole and parses it with libcsv (strict mode, the options
 * pipeline/table.c uses), counting fields and records; no validation, no
 * copy of the fields, no output but the counts.  Its rate (bytes / wall time)
 * is the raw parse rate that ingest's is compared with.
 */
#include <csv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    size_t fields, records, bytes;
} counts;

static void on_field(void *s, size_t len, void *data)
{
    counts *c = data;
    (void)s;
    c->fields++;
    c->bytes += len;
}

static void on_row(int ch, void *data)
{
    (void)ch;
    ((counts *)data)->records++;
}

static int space_only(unsigned char c)
{
    return c == ' ';
}

int main(int argc, char **argv)
{
    counts c = {0, 0, 0};
    size_t total = 0;
    for (int i = 1; i < argc; i++) {
        FILE *f = fopen(argv[i], "rb");
        if (!f) {
            perror(argv[i]);
            return 3;
        }
        fseek(f, 0, SEEK_END);
        long n = ftell(f);
        rewind(f);
        char *buf = malloc((size_t)n + 1);
        if (!buf || fread(buf, 1, (size_t)n, f) != (size_t)n) {
            fprintf(stderr, "%s: read error\n", argv[i]);
            return 3;
        }
        fclose(f);
        struct csv_parser p;
        csv_init(&p, CSV_STRICT | CSV_STRICT_FINI);
        csv_set_space_func(&p, space_only);
        if (csv_parse(&p, buf, (size_t)n, on_field, on_row, &c) != (size_t)n)
            fprintf(stderr, "%s: %s\n", argv[i], csv_strerror(csv_error(&p)));
        csv_fini(&p, on_field, on_row, &c);
        csv_free(&p);
        free(buf);
        total += (size_t)n;
    }
    printf("%zu bytes, %zu records, %zu fields\n", total, c.records, c.fields);
    return 0;
}
