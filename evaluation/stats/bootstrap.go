package stats

import (
	"math/bits"
	"math/rand/v2"
	"sync"
)

// wholeFrom is the fewest people of a kind whose count Bootstrap.Each draws whole, as
// one binomial, rather than draw by draw. A binomial costs about as much as twenty
// draws; with the sizes of the kinds of the cost evaluation at national scale, 16
// leaves the least work (8 and 64 each about an eighth more).
const wholeFrom = 16

// Bootstrap resamples persons with replacement, reproducibly: the same Resamples and
// Seed give the same resamples on every run and every machine, so a report built twice
// from the same input shows the same intervals. Callers enforce a minimum of
// Resamples (the evaluation spec asks for at least 2,000).
type Bootstrap struct {
	Resamples int
	Seed      uint64
}

// Each calls fn once for every resample r in 0..Resamples−1 with a resample of the
// people 0..n−1 (n = len(kind)) drawn with replacement, counted by kind: kind[i] is
// the kind of person i, 0..kinds−1, and counts[k] is how many draws fell on people of
// kind k (the counts add up to n). People of one kind must be alike to the statistic
// (the same figures): counting by kind is then the same resample, and a statistic
// summed over kinds rather than people costs as many kinds as there are, not people.
// Each person its own kind gives the plain counts per person.
//
// The counts of a kind of many people are drawn whole rather than draw by draw: the
// counts of n draws with replacement are multinomial, n draws with probability
// size/n for each kind, and a multinomial is drawn exactly as binomials, kind after
// kind, each of the draws left with the kind's share of the people left. Only the
// kinds of at least wholeFrom people are drawn so; the draws that fall outside them
// (a binomial too) go one by one to the people of the smaller kinds (drawFew).
//
// Resample r comes from its own PCG generator, seeded with Seed and r, so the
// resamples are the same whatever the number of workers: fn is called from up to
// workers goroutines at once (at least 1), and must write only what belongs to
// resample r. The slice counts is reused: fn must not keep it. With no people there is
// nothing to resample and fn is never called.
//
// Counts rather than the list of draws because at national scale (712,000 people,
// 2,000 resamples) reading the people in the order drawn was bound by cache misses,
// and summing over every person, drawn or not, by arithmetic.
func (b Bootstrap) Each(kind []int32, kinds, workers int, fn func(r int, counts []uint32)) {
	n := len(kind)
	if n == 0 || b.Resamples <= 0 {
		return
	}
	size := make([]int, kinds)
	for _, k := range kind {
		size[k]++
	}
	// whole are the kinds drawn whole; few are the kinds of the other people, one
	// entry a person, for the draws one by one.
	var whole []int32
	wholeN := 0
	for k, s := range size {
		if s >= wholeFrom {
			whole = append(whole, int32(k))
			wholeN += s
		}
	}
	// The binomials for the kinds drawn whole: none has more than n trials, and their
	// chances are the same in every resample: inWhole of the draws fall on those kinds,
	// with chance wholeN/n, and then each kind in turn takes its share of the draws
	// left, with chance its size over the people of the kinds left (chances[i] for
	// whole[i]).
	var bins binomials
	var inWholeChance chance
	chances := make([]chance, len(whole))
	if wholeN > 0 {
		bins = newBinomials(n)
		inWholeChance = newChance(float64(wholeN) / float64(n))
		left := wholeN
		for i, k := range whole {
			chances[i] = newChance(float64(size[k]) / float64(left))
			left -= size[k]
		}
	}
	few := make([]int32, 0, n-wholeN)
	for _, k := range kind {
		if size[k] < wholeFrom {
			few = append(few, k)
		}
	}
	workers = max(1, min(workers, b.Resamples))
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			counts := make([]uint32, kinds)
			for r := w; r < b.Resamples; r += workers {
				clear(counts)
				pcg := rand.NewPCG(b.Seed, uint64(r))
				// inWhole draws fall on the kinds drawn whole; drawn of them are not yet
				// counted.
				inWhole := 0
				if wholeN > 0 {
					inWhole = bins.draw(pcg, n, inWholeChance)
				}
				drawn := inWhole
				for i, k := range whole {
					c := bins.draw(pcg, drawn, chances[i])
					counts[k] = uint32(c)
					drawn -= c
				}
				drawFew(pcg, few, counts, n-inWhole)
				fn(r, counts)
			}
		}()
	}
	wg.Wait()
}

// Everyone is each of n people their own kind, for Each.
func Everyone(n int) []int32 {
	kind := make([]int32, n)
	for i := range kind {
		kind[i] = int32(i)
	}
	return kind
}

// drawFew draws people uniformly from few (len(few) < 2³²), draws times, and counts
// each by its kind. Each output of the generator gives two draws: its halves are
// independent uniform 32-bit numbers, each mapped to 0..len(few)−1 by Lemire's
// multiply with rejection (D. Lemire, "Fast random integer generation in an
// interval", ACM Transactions on Modeling and Computer Simulation 29(1), 2019), which
// is exactly uniform. One output a draw, the generator was nearly half the time of
// these draws at national scale.
//
// Both halves are counted at once unless a half is rejected (rarely: with
// probability below len(few)/2³²) or only one draw is left; drawPair then takes them
// one by one. Either way the draws are those of taking every half in order, low half
// first, so the counts are the same; the pair saves the loop over the halves and a
// test of the draws left after each, a fifth of drawFew's time at national scale.
func drawFew(pcg *rand.PCG, few []int32, counts []uint32, draws int) {
	if draws <= 0 {
		return
	}
	n := uint32(len(few))
	reject := -n % n // the low products below this are rejected: 2³² mod n
	for draws > 0 {
		v := pcg.Uint64()
		hi0, lo0 := bits.Mul32(uint32(v), n)
		hi1, lo1 := bits.Mul32(uint32(v>>32), n)
		if draws == 1 || lo0 < reject || lo1 < reject {
			draws = drawPair(few, counts, draws, n, reject, v)
			continue
		}
		counts[few[hi0]]++
		counts[few[hi1]]++
		draws -= 2
	}
}

// drawPair counts the draws, up to draws of them, of the two halves of v, lower
// first, rejecting either as drawFew does, and returns the draws left.
func drawPair(few []int32, counts []uint32, draws int, n, reject uint32, v uint64) int {
	for _, x := range [2]uint32{uint32(v), uint32(v >> 32)} {
		hi, lo := bits.Mul32(x, n)
		if lo < reject {
			continue
		}
		counts[few[hi]]++
		if draws--; draws == 0 {
			break
		}
	}
	return draws
}
