using System.Collections.Concurrent;
using System.Globalization;
using AuthFunctions.Core;
using Microsoft.Extensions.Options;

namespace AuthFunctions.Http;

/// <summary>The endpoints with a rate limit.</summary>
public enum LimitedEndpoint
{
    Login,
    Callback,
    Session,
    Refresh,
}

/// <summary>
/// Fixed one-minute windows per client address (and provider) on <see cref="TimeProvider"/>, in this instance's
/// memory: a flood from one address cannot fill Table Storage with billed state rows. A global limit belongs in
/// front of the app (Front Door, API Management).
/// </summary>
public sealed class RateLimits(IOptions<OAuthOptions> options, TimeProvider time, ILogger<RateLimits> logger)
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    // Bounded: past this many keys, windows that have ended are dropped before a new key is added.
    private const int MaxKeys = 100_000;

    private readonly ConcurrentDictionary<string, Counter> _counters = new(StringComparer.Ordinal);

    /// <summary>Counts this request; a 429 problem with Retry-After when it is over a limit, else null.</summary>
    public IResult? Check(HttpContext context, LimitedEndpoint endpoint, string? provider = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        var settings = options.Value.RateLimits;
        var client = ClientAddress.Of(context);
        var window = time.GetUtcNow().ToUnixTimeMilliseconds() / (long)Window.TotalMilliseconds;
        var perClient = endpoint switch
        {
            LimitedEndpoint.Login => settings.LoginPerMinute,
            LimitedEndpoint.Callback => settings.CallbackPerMinute,
            LimitedEndpoint.Session => settings.SessionPerMinute,
            _ => settings.RefreshPerMinute,
        };

        var over = Over($"{endpoint}|{provider}|{client}", perClient, window)
            || (endpoint == LimitedEndpoint.Login && Over($"{endpoint}|{provider}|*", settings.ProviderLoginsPerMinute, window));
        if (!over)
        {
            return null;
        }

        Audit.RateLimited(logger, endpoint.ToString().ToLowerInvariant(), provider ?? "-", client);
        var retryAfter = (window + 1) * (long)Window.TotalMilliseconds - time.GetUtcNow().ToUnixTimeMilliseconds();
        context.Response.Headers.RetryAfter = Math.Max(1, (retryAfter + 999) / 1000).ToString(CultureInfo.InvariantCulture);
        return ProblemResult.For(context, new FlowError(429, "rate_limited", "Too many requests from this address. Try again shortly."));
    }

    private bool Over(string key, int limit, long window)
    {
        if (limit == 0)
        {
            return false;
        }

        if (_counters.Count >= MaxKeys && !_counters.ContainsKey(key))
        {
            foreach (var stale in _counters.Where(kv => kv.Value.Window < window))
            {
                _counters.TryRemove(stale);
            }
        }

        var counter = _counters.AddOrUpdate(key, _ => new Counter(window, 1), (_, c) => c.Window == window ? c with { Count = c.Count + 1 } : new Counter(window, 1));
        return counter.Count > limit;
    }

    private sealed record Counter(long Window, int Count);
}
