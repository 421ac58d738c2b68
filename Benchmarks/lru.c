/* A small, fast LRU cache simulator in C: the baseline `make bench` compares cachebook's LRU
 * replay against. An open-addressing hash table maps keys to slots; the slots form a doubly
 * linked list by index, most recently used at the head. Deletion shifts later entries back
 * (linear probing without tombstones), so probe chains stay short however long the trace.
 *
 * usage: lru TRACE CAPACITY   (TRACE: one integer key per line)
 * prints: requests misses seconds (the replay alone, not the reading) */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static uint64_t *keys;   /* key of each slot */
static int32_t *prev, *next;
static int32_t *table;   /* hash table of slot indices, -1 empty */
static uint64_t mask;

static uint64_t mix(uint64_t x) {
    x ^= x >> 33; x *= 0xff51afd7ed558ccdULL; x ^= x >> 33; x *= 0xc4ceb9fe1a85ec53ULL; x ^= x >> 33;
    return x;
}

/* The slot holding `key`, or -1; `*position` is its bucket, or the empty bucket to use. */
static int64_t find(uint64_t key, uint64_t *position) {
    uint64_t i = mix(key) & mask;
    for (;;) {
        int32_t slot = table[i];
        if (slot == -1 || keys[slot] == key) { *position = i; return slot; }
        i = (i + 1) & mask;
    }
}

/* Empties bucket `i`, moving back every later entry of the run that may no longer be found. */
static void erase(uint64_t i) {
    for (uint64_t j = (i + 1) & mask; table[j] != -1; j = (j + 1) & mask) {
        uint64_t home = mix(keys[table[j]]) & mask;
        if (((j - home) & mask) >= ((j - i) & mask)) { table[i] = table[j]; i = j; }
    }
    table[i] = -1;
}

int main(int argc, char **argv) {
    if (argc != 3) { fprintf(stderr, "usage: lru TRACE CAPACITY\n"); return 2; }
    FILE *file = fopen(argv[1], "r");
    if (!file) { perror(argv[1]); return 2; }
    long capacity = atol(argv[2]);
    size_t count = 0, room = 1 << 20;
    uint64_t *trace = malloc(room * sizeof *trace);
    unsigned long long value;
    while (fscanf(file, "%llu", &value) == 1) {
        if (count == room) { room *= 2; trace = realloc(trace, room * sizeof *trace); }
        trace[count++] = value;
    }
    fclose(file);

    uint64_t buckets = 1;
    while (buckets < (uint64_t)capacity * 4) buckets <<= 1;   /* load factor at most 1/4 */
    mask = buckets - 1;
    table = malloc(buckets * sizeof *table);
    for (uint64_t i = 0; i < buckets; i++) table[i] = -1;
    keys = malloc(capacity * sizeof *keys);
    prev = malloc(capacity * sizeof *prev);
    next = malloc(capacity * sizeof *next);
    int32_t head = -1, tail = -1, used = 0;
    long misses = 0;

    struct timespec start, end;
    clock_gettime(CLOCK_MONOTONIC, &start);
    for (size_t r = 0; r < count; r++) {
        uint64_t key = trace[r], position;
        int64_t slot = find(key, &position);
        if (slot >= 0) {
            if (slot != head) {   /* move to the front */
                next[prev[slot]] = next[slot];
                if (next[slot] >= 0) prev[next[slot]] = prev[slot]; else tail = prev[slot];
                prev[slot] = -1; next[slot] = head; prev[head] = (int32_t)slot; head = (int32_t)slot;
            }
            continue;
        }
        misses++;
        int32_t fresh;
        if (used < capacity) {
            fresh = used++;
        } else {   /* evict the least recently used */
            fresh = tail;
            uint64_t victimPosition;
            find(keys[fresh], &victimPosition);
            erase(victimPosition);
            tail = prev[fresh];
            if (tail >= 0) next[tail] = -1; else head = -1;
            find(key, &position);   /* the erase may have moved entries */
        }
        keys[fresh] = key;
        table[position] = fresh;
        prev[fresh] = -1; next[fresh] = head;
        if (head >= 0) prev[head] = fresh; else tail = fresh;
        head = fresh;
    }
    clock_gettime(CLOCK_MONOTONIC, &end);
    double seconds = (end.tv_sec - start.tv_sec) + (end.tv_nsec - start.tv_nsec) / 1e9;
    printf("%zu %ld %.6f\n", count, misses, seconds);
    return 0;
}
