namespace ColdStart;

/// <summary>An app and its baseline, measured alternately; the ratio of their medians is the figure that counts.</summary>
internal sealed class Pair(string name, string app, string baseline)
{
    public string Name { get; } = name;

    public Sample App { get; } = new(app);

    public Sample Baseline { get; } = new(baseline);

    public double Ratio => App.Percentile(50) / Baseline.Percentile(50);

    public void Add(bool isApp, TimeSpan time) => (isApp ? App : Baseline).Add(time);
}

/// <summary>The timings of one subject, in milliseconds.</summary>
internal sealed class Sample(string subject)
{
    private readonly List<double> _ms = [];

    public string Subject { get; } = subject;

    public int Count => _ms.Count;

    public double Min => _ms.Min();

    public double Max => _ms.Max();

    public void Add(TimeSpan time) => _ms.Add(time.TotalMilliseconds);

    /// <summary>Linear interpolation between the closest ranks, so the 50th is the usual median.</summary>
    public double Percentile(double p)
    {
        var sorted = _ms.Order().ToList();
        var rank = p / 100 * (sorted.Count - 1);
        var low = (int)Math.Floor(rank);
        var high = Math.Min(low + 1, sorted.Count - 1);
        return sorted[low] + ((rank - low) * (sorted[high] - sorted[low]));
    }
}
