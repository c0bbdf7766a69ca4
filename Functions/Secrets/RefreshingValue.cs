namespace AuthFunctions.Secrets;

/// <summary>
/// One cached value fetched from Key Vault: served from memory until the refresh interval has passed; concurrent misses
/// share one fetch (single flight); when a refresh fails the cached value is served for the grace period, with a warning,
/// and only then does the failure reach the caller.
/// </summary>
internal sealed class RefreshingValue<T>
    where T : class
{
    /// <summary>Upper bound of one fetch, retries included; the fetch is shared, so no caller's cancellation ends it.</summary>
    public static readonly TimeSpan FetchTimeout = TimeSpan.FromSeconds(20);

    /// <summary>After a failed refresh that fell back on the cached value, how long until the vault is tried again.</summary>
    public static readonly TimeSpan RetryAfterFailure = TimeSpan.FromSeconds(30);

    private readonly string _name;
    private readonly Func<CancellationToken, Task<T>> _fetch;
    private readonly TimeSpan _refreshInterval;
    private readonly TimeSpan _gracePeriod;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private Snapshot? _snapshot;
    private Task<T>? _flight;

    public RefreshingValue(string name, Func<CancellationToken, Task<T>> fetch, KeyVaultOptions options, TimeProvider time, ILogger logger)
    {
        _name = name;
        _fetch = fetch;
        _refreshInterval = options.RefreshInterval;
        _gracePeriod = options.GracePeriod;
        _time = time;
        _logger = logger;
    }

    /// <summary>The cached value while it is fresh; otherwise the result of one (shared) fetch.</summary>
    public ValueTask<T> GetAsync(CancellationToken cancellationToken)
    {
        var snapshot = Volatile.Read(ref _snapshot);
        return snapshot is not null && _time.GetUtcNow() < snapshot.RefreshAt
            ? ValueTask.FromResult(snapshot.Value)
            : new ValueTask<T>(Fetch(isRejected: null).WaitAsync(cancellationToken));
    }

    /// <summary>
    /// Fetches again, fresh or not, unless the cached value is already another than the one the caller saw rejected
    /// (someone else refreshed it meanwhile).
    /// </summary>
    public ValueTask<T> RefreshAsync(Func<T, bool> isRejected, CancellationToken cancellationToken)
    {
        var snapshot = Volatile.Read(ref _snapshot);
        return snapshot is not null && !isRejected(snapshot.Value)
            ? ValueTask.FromResult(snapshot.Value)
            : new ValueTask<T>(Fetch(isRejected).WaitAsync(cancellationToken));
    }

    private Task<T> Fetch(Func<T, bool>? isRejected)
    {
        TaskCompletionSource<T> flight;
        lock (_gate)
        {
            if (_flight is not null)
            {
                return _flight;
            }

            // Checked again under the lock: a fetch that finished since the caller looked has the answer.
            var snapshot = _snapshot;
            if (snapshot is not null && (isRejected is null ? _time.GetUtcNow() < snapshot.RefreshAt : !isRejected(snapshot.Value)))
            {
                return Task.FromResult(snapshot.Value);
            }

            flight = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
            _flight = flight.Task;
        }

        _ = RunAsync(flight);
        return flight.Task;
    }

    private async Task RunAsync(TaskCompletionSource<T> flight)
    {
        T? value = null;
        Exception? failure = null;
        try
        {
            using var timeout = new CancellationTokenSource(FetchTimeout, _time);
            value = await _fetch(timeout.Token).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Not swallowed: every waiter of the flight receives it (or the cached value while in grace).
        catch (Exception e)
#pragma warning restore CA1031
        {
            failure = e;
        }

        var now = _time.GetUtcNow();
        Snapshot? stale = null;
        lock (_gate)
        {
            _flight = null;
            if (failure is null)
            {
                Volatile.Write(ref _snapshot, new Snapshot(value!, now, now + _refreshInterval));
            }
            else if (_snapshot is { } cached && now < cached.FetchedAt + _refreshInterval + _gracePeriod)
            {
                // Do not hammer a vault that is down: the next attempt waits a little (never past the grace period).
                var retryAt = Min(now + RetryAfterFailure, cached.FetchedAt + _refreshInterval + _gracePeriod);
                stale = new Snapshot(cached.Value, cached.FetchedAt, retryAt);
                Volatile.Write(ref _snapshot, stale);
            }
        }

        if (failure is null)
        {
            flight.SetResult(value!);
        }
        else if (stale is not null)
        {
            SecretsLog.ServingCached(_logger, _name, failure.Message, stale.FetchedAt + _refreshInterval + _gracePeriod);
            flight.SetResult(stale.Value);
        }
        else
        {
            flight.SetException(failure);
        }
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    /// <summary>What is cached: the value, when it was fetched, and when the vault is asked again.</summary>
    private sealed class Snapshot(T value, DateTimeOffset fetchedAt, DateTimeOffset refreshAt)
    {
        public T Value { get; } = value;

        public DateTimeOffset FetchedAt { get; } = fetchedAt;

        public DateTimeOffset RefreshAt { get; } = refreshAt;
    }
}
