using AuthFunctions.Core;

namespace AuthFunctions.Storage;

/// <summary>Standalone (no Functions host, so no timer trigger): the same sweep as CleanupExpired, every 5 minutes.</summary>
internal sealed class CleanupService(ExpiredRowSweeper sweeper, TimeProvider time, ILogger<CleanupService> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(5);

    // Created with the service, not inside ExecuteAsync (which .NET 10 runs later on the thread pool), so the
    // schedule starts when the app starts. The first sweep waits one interval: start-up does no storage calls.
    private readonly PeriodicTimer _timer = new(Interval, time);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (await _timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                await sweeper.SweepAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (StorageUnavailableException e)
            {
                Log.CleanupFailed(logger, e.Message);
            }
        }
    }

    public override void Dispose()
    {
        _timer.Dispose();
        base.Dispose();
    }
}
