/* Palisade sample "untrusted data-processing" workload.
 * Reads region,product,amount rows, totals them per region, writes a CSV report and prints a summary.
 * Usage: aggregate INPUT.csv OUTPUT.csv */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define MAX_REGIONS 64

struct region {
    char name[32];
    long rows;
    long long cents;
};

static struct region regions[MAX_REGIONS];
static int region_count;

static struct region *find_region(const char *name)
{
    for (int i = 0; i < region_count; i++)
        if (strcmp(regions[i].name, name) == 0)
            return &regions[i];
    if (region_count == MAX_REGIONS)
        return NULL;
    struct region *r = &regions[region_count++];
    snprintf(r->name, sizeof r->name, "%s", name);
    return r;
}

static long long parse_cents(const char *text)
{
    char *end;
    long long whole = strtoll(text, &end, 10);
    long long cents = whole * 100;
    if (*end == '.') {
        int digits = 0;
        for (end++; *end >= '0' && *end <= '9' && digits < 2; end++, digits++)
            cents += (digits == 0 ? 10 : 1) * (*end - '0');
    }
    return cents;
}

static int make_parent(const char *path)
{
    char dir[512];
    snprintf(dir, sizeof dir, "%s", path);
    char *slash = strrchr(dir, '/');
    if (slash == NULL || slash == dir)
        return 0;
    *slash = '\0';
    for (char *p = dir + 1; *p; p++) {
        if (*p == '/') {
            *p = '\0';
            if (mkdir(dir, 0755) != 0 && errno != EEXIST)
                return -1;
            *p = '/';
        }
    }
    return mkdir(dir, 0755) != 0 && errno != EEXIST ? -1 : 0;
}

int main(int argc, char **argv)
{
    const char *input = argc > 1 ? argv[1] : "/data/input.csv";
    const char *output = argc > 2 ? argv[2] : "/tmp/out/results.csv";
    FILE *in = fopen(input, "r");
    if (in == NULL) {
        fprintf(stderr, "aggregate: cannot open %s: %s\n", input, strerror(errno));
        return 1;
    }

    char line[256];
    long rows = 0, skipped = 0;
    long long total = 0;
    int header = 1;
    while (fgets(line, sizeof line, in) != NULL) {
        if (header) {
            header = 0;
            continue;
        }
        char *region = strtok(line, ",");
        char *product = strtok(NULL, ",");
        char *amount = strtok(NULL, ",\r\n");
        struct region *r = region && product && amount ? find_region(region) : NULL;
        if (r == NULL) {
            skipped++;
            continue;
        }
        long long cents = parse_cents(amount);
        r->rows++;
        r->cents += cents;
        total += cents;
        rows++;
    }
    fclose(in);

    if (make_parent(output) != 0) {
        fprintf(stderr, "aggregate: cannot create folder for %s: %s\n", output, strerror(errno));
        return 1;
    }
    FILE *out = fopen(output, "w");
    if (out == NULL) {
        fprintf(stderr, "aggregate: cannot write %s: %s\n", output, strerror(errno));
        return 1;
    }
    fprintf(out, "region,rows,total\n");
    for (int i = 0; i < region_count; i++)
        fprintf(out, "%s,%ld,%lld.%02lld\n", regions[i].name, regions[i].rows, regions[i].cents / 100, regions[i].cents % 100);
    fclose(out);

    printf("processed %ld rows (%ld skipped) in %d regions, total %lld.%02lld\n", rows, skipped, region_count, total / 100, total % 100);
    for (int i = 0; i < region_count; i++)
        printf("  %-10s %6ld rows %14lld.%02lld\n", regions[i].name, regions[i].rows, regions[i].cents / 100, regions[i].cents % 100);
    printf("wrote %s\n", output);
    return 0;
}
