namespace PlatformDb.Cli.Usage;

/// <summary>
/// SplitMix64 (Steele, Lea and Flood, "Fast splittable pseudorandom number generators", OOPSLA 2014; the constants of
/// Vigna's public-domain splitmix64.c). Used instead of <see cref="Random"/>: .NET documents that <c>new Random(seed)</c>
/// may give a different sequence in another .NET version, and a benchmark must be repeatable across machines and
/// runtimes. Not for security.
/// </summary>
public struct SplitMix64(ulong seed)
{
    private ulong state = seed;

    public ulong NextUInt64()
    {
        var z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Uniform in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform in [0, <paramref name="exclusiveMax"/>) (multiply-shift; bias below 2^-32 for the sizes used here).</summary>
    public int NextInt(int exclusiveMax) => exclusiveMax <= 0
        ? throw new ArgumentOutOfRangeException(nameof(exclusiveMax))
        : (int)(((NextUInt64() >> 32) * (ulong)exclusiveMax) >> 32);

    /// <summary>A standard normal value (Box–Muller; one of the pair is discarded to keep the state simple).</summary>
    public double NextGaussian()
    {
        var u1 = 1.0 - NextDouble();
        var u2 = NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }
}

/// <summary>Draws an index 0..n-1 from fixed weights by binary search over the cumulative sums.</summary>
public sealed class WeightedSampler
{
    private readonly double[] cumulative;

    public WeightedSampler(IReadOnlyList<double> weights)
    {
        if (weights.Count == 0 || weights.Any(w => w < 0 || double.IsNaN(w)) || weights.Sum() <= 0)
        {
            throw new ArgumentException("Weights must be non-negative with a positive sum.", nameof(weights));
        }

        cumulative = new double[weights.Count];
        var sum = 0.0;
        for (var i = 0; i < weights.Count; i++)
        {
            sum += weights[i];
            cumulative[i] = sum;
        }
    }

    /// <summary>Weights 1/rank^<paramref name="exponent"/> for ranks 1..n: a few heavy items and a long tail.</summary>
    public static WeightedSampler Zipf(int count, double exponent) =>
        new(Enumerable.Range(1, count).Select(rank => 1.0 / Math.Pow(rank, exponent)).ToArray());

    public int Count => cumulative.Length;

    public int Next(ref SplitMix64 random)
    {
        var target = random.NextDouble() * cumulative[^1];
        var index = Array.BinarySearch(cumulative, target);
        index = index >= 0 ? index + 1 : ~index;
        return Math.Min(index, cumulative.Length - 1);
    }
}
