namespace AuthFunctions.Tests.FunctionsHost;

/// <summary>
/// RetryProxyHandler.cs (Functions host): retries a forward that could not connect, because the worker's Kestrel may
/// still be starting when the first request arrives. 10 tries, 50 ms doubling up to 250 ms, only on
/// <see cref="HttpRequestException"/>.
/// </summary>
internal sealed class RetryProxyHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
{
    public const int MaxTries = 10;
    public static readonly TimeSpan FirstDelay = TimeSpan.FromMilliseconds(50);
    public static readonly TimeSpan MaxDelay = TimeSpan.FromMilliseconds(250);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var delay = FirstDelay;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await base.SendAsync(request, cancellationToken);
            }
            catch (HttpRequestException) when (attempt < MaxTries)
            {
                await Task.Delay(delay, cancellationToken);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxDelay.Ticks));
            }
        }
    }
}
