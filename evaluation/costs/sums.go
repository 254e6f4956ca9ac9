package costs

// sumKinds sets sums[j] to Σₓ counts[x]·vals[x·w+j] for each column j (w = len(sums)),
// adding the kinds x in ascending order: a resample's sums of the kinds' rows.
//
// Each column is its own sum, so the columns may be summed in any grouping: they are
// summed in blocks of at most eight, each by a function of its width whose sums are
// local variables. Summed into a slice, every addition waited for the store of the
// addition before it to the same element, and a resample took 1.7 times as long; a block
// of one column waits for its own additions, so the blocks are made as equal as can be
// (13 columns are 7 and 6, not 8 and 5). The additions of each column are those, in
// the order, of the plain loop (sumKindsPlain in the tests), so the sums are the same
// to the bit. No test for a count of 0: many counts are 0 at random, and the branch
// mispredicted cost more than the multiplication by 0 it saves.
func sumKinds(sums []float64, counts []uint32, vals []float64) {
	w := len(sums)
	blocks := (w + 7) / 8
	for j := 0; blocks > 0; blocks-- {
		width := (w - j + blocks - 1) / blocks
		blockSums[width](sums[j:j+width], counts, vals[j:], w)
		j += width
	}
}

// blockSums[n] sums a block of n columns: sums[i] = Σₓ counts[x]·vals[x·w+i] for i
// below n.
var blockSums = [9]func(sums []float64, counts []uint32, vals []float64, w int){
	1: sum1, 2: sum2, 3: sum3, 4: sum4, 5: sum5, 6: sum6, 7: sum7, 8: sum8,
}

// The functions sumN for blockSums convert vals[x·w:] to an array pointer, which
// checks the bounds of the row once.

func sum1(sums []float64, counts []uint32, vals []float64, w int) {
	var s0 float64
	for x, c := range counts {
		t, v := float64(c), (*[1]float64)(vals[x*w:])
		s0 += t * v[0]
	}
	sums[0] = s0
}

func sum2(sums []float64, counts []uint32, vals []float64, w int) {
	var s0, s1 float64
	for x, c := range counts {
		t, v := float64(c), (*[2]float64)(vals[x*w:])
		s0 += t * v[0]
		s1 += t * v[1]
	}
	sums[0], sums[1] = s0, s1
}

func sum3(sums []float64, counts []uint32, vals []float64, w int) {
	var s0, s1, s2 float64
	for x, c := range counts {
		t, v := float64(c), (*[3]float64)(vals[x*w:])
		s0 += t * v[0]
		s1 += t * v[1]
		s2 += t * v[2]
	}
	sums[0], sums[1], sums[2] = s0, s1, s2
}

func sum4(sums []float64, counts []uint32, vals []float64, w int) {
	var s0, s1, s2, s3 float64
	for x, c := range counts {
		t, v := float64(c), (*[4]float64)(vals[x*w:])
		s0 += t * v[0]
		s1 += t * v[1]
		s2 += t * v[2]
		s3 += t * v[3]
	}
	sums[0], sums[1], sums[2], sums[3] = s0, s1, s2, s3
}

func sum5(sums []float64, counts []uint32, vals []float64, w int) {
	var s0, s1, s2, s3, s4 float64
	for x, c := range counts {
		t, v := float64(c), (*[5]float64)(vals[x*w:])
		s0 += t * v[0]
		s1 += t * v[1]
		s2 += t * v[2]
		s3 += t * v[3]
		s4 += t * v[4]
	}
	sums[0], sums[1], sums[2], sums[3], sums[4] = s0, s1, s2, s3, s4
}

func sum6(sums []float64, counts []uint32, vals []float64, w int) {
	var s0, s1, s2, s3, s4, s5 float64
	for x, c := range counts {
		t, v := float64(c), (*[6]float64)(vals[x*w:])
		s0 += t * v[0]
		s1 += t * v[1]
		s2 += t * v[2]
		s3 += t * v[3]
		s4 += t * v[4]
		s5 += t * v[5]
	}
	sums[0], sums[1], sums[2], sums[3], sums[4], sums[5] = s0, s1, s2, s3, s4, s5
}

func sum7(sums []float64, counts []uint32, vals []float64, w int) {
	var s0, s1, s2, s3, s4, s5, s6 float64
	for x, c := range counts {
		t, v := float64(c), (*[7]float64)(vals[x*w:])
		s0 += t * v[0]
		s1 += t * v[1]
		s2 += t * v[2]
		s3 += t * v[3]
		s4 += t * v[4]
		s5 += t * v[5]
		s6 += t * v[6]
	}
	sums[0], sums[1], sums[2], sums[3], sums[4], sums[5], sums[6] = s0, s1, s2, s3, s4, s5, s6
}

func sum8(sums []float64, counts []uint32, vals []float64, w int) {
	var s0, s1, s2, s3, s4, s5, s6, s7 float64
	for x, c := range counts {
		t, v := float64(c), (*[8]float64)(vals[x*w:])
		s0 += t * v[0]
		s1 += t * v[1]
		s2 += t * v[2]
		s3 += t * v[3]
		s4 += t * v[4]
		s5 += t * v[5]
		s6 += t * v[6]
		s7 += t * v[7]
	}
	sums[0], sums[1], sums[2], sums[3], sums[4], sums[5], sums[6], sums[7] = s0, s1, s2, s3, s4, s5, s6, s7
}
