/**
 * Sorts (row, value) entries by value exactly as libstdc++'s `std::sort` does (introsort:
 * median-of-three quicksort down to runs of 16, heapsort past 2 log2(n) levels, then one
 * insertion sort). XGBoost sorts each column this way (`SparsePage::SortRows`), and since
 * `std::sort` is not stable, the order of equal values — and from it the last bit of the
 * gradient sums — depends on these exact steps. Rows come in ascending order, as XGBoost's
 * transpose produces them.
 */
const THRESHOLD = 16;

export function stdSortEntries(row: Int32Array, value: Float32Array, begin: number, end: number): void {
  if (end - begin < 2) return;
  new EntrySorter(row, value).sort(begin, end);
}

class EntrySorter {
  constructor(
    private readonly row: Int32Array,
    private readonly value: Float32Array,
  ) {}

  sort(first: number, last: number): void {
    this.introsortLoop(first, last, 2 * Math.floor(Math.log2(last - first)));
    if (last - first > THRESHOLD) {
      this.insertionSort(first, first + THRESHOLD);
      for (let i = first + THRESHOLD; i < last; i++) this.unguardedLinearInsert(i);
    } else {
      this.insertionSort(first, last);
    }
  }

  private swap(a: number, b: number): void {
    const { row, value } = this;
    const r = row[a];
    row[a] = row[b];
    row[b] = r;
    const v = value[a];
    value[a] = value[b];
    value[b] = v;
  }

  private introsortLoop(first: number, last: number, depthLimit: number): void {
    const value = this.value;
    while (last - first > THRESHOLD) {
      if (depthLimit === 0) {
        this.heapSort(first, last);
        return;
      }
      depthLimit--;
      // Median of (first + 1, middle, last - 1) moved to `first`, then Hoare partition around it.
      const a = first + 1;
      const b = first + ((last - first) >> 1);
      const c = last - 1;
      if (value[a] < value[b]) {
        if (value[b] < value[c]) this.swap(first, b);
        else if (value[a] < value[c]) this.swap(first, c);
        else this.swap(first, a);
      } else if (value[a] < value[c]) this.swap(first, a);
      else if (value[b] < value[c]) this.swap(first, c);
      else this.swap(first, b);
      const pivot = value[first];
      let lo = first + 1;
      let hi = last;
      for (;;) {
        while (value[lo] < pivot) lo++;
        hi--;
        while (pivot < value[hi]) hi--;
        if (!(lo < hi)) break;
        this.swap(lo, hi);
        lo++;
      }
      this.introsortLoop(lo, last, depthLimit);
      last = lo;
    }
  }

  private insertionSort(first: number, last: number): void {
    const { row, value } = this;
    for (let i = first + 1; i < last; i++) {
      if (value[i] < value[first]) {
        const r = row[i];
        const v = value[i];
        row.copyWithin(first + 1, first, i);
        value.copyWithin(first + 1, first, i);
        row[first] = r;
        value[first] = v;
      } else {
        this.unguardedLinearInsert(i);
      }
    }
  }

  private unguardedLinearInsert(last: number): void {
    const { row, value } = this;
    const r = row[last];
    const v = value[last];
    let next = last - 1;
    while (v < value[next]) {
      row[last] = row[next];
      value[last] = value[next];
      last = next;
      next--;
    }
    row[last] = r;
    value[last] = v;
  }

  /** std::__partial_sort(first, last, last): make_heap, then sort_heap (pop by pop). */
  private heapSort(first: number, last: number): void {
    const len = last - first;
    if (len >= 2) {
      for (let parent = (len - 2) >> 1; ; parent--) {
        this.adjustHeap(first, parent, len, this.row[first + parent], this.value[first + parent]);
        if (parent === 0) break;
      }
    }
    while (last - first > 1) {
      last--;
      const r = this.row[last];
      const v = this.value[last];
      this.row[last] = this.row[first];
      this.value[last] = this.value[first];
      this.adjustHeap(first, 0, last - first, r, v);
    }
  }

  private adjustHeap(first: number, hole: number, len: number, r: number, v: number): void {
    const { row, value } = this;
    const top = hole;
    let child = hole;
    while (child < (len - 1) >> 1) {
      child = 2 * (child + 1);
      if (value[first + child] < value[first + child - 1]) child--;
      row[first + hole] = row[first + child];
      value[first + hole] = value[first + child];
      hole = child;
    }
    if ((len & 1) === 0 && child === (len - 2) >> 1) {
      child = 2 * (child + 1);
      row[first + hole] = row[first + child - 1];
      value[first + hole] = value[first + child - 1];
      hole = child - 1;
    }
    // push_heap: sift the held entry back up towards `top`.
    let parent = (hole - 1) >> 1;
    while (hole > top && value[first + parent] < v) {
      row[first + hole] = row[first + parent];
      value[first + hole] = value[first + parent];
      hole = parent;
      parent = (hole - 1) >> 1;
    }
    row[first + hole] = r;
    value[first + hole] = v;
  }
}
