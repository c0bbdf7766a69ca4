using AuthFunctions.Core;
using AuthFunctions.Storage;
using Microsoft.Azure.Functions.Worker;

namespace AuthFunctions.Triggers;

/// <summary>Table Storage has no TTL: every 5 minutes delete the rows whose ExpiresAt has passed (reads check it anyway).</summary>
public sealed class CleanupFunction(ExpiredRowSweeper sweeper, ILogger<CleanupFunction> logger)
{
    public const string Schedule = "0 */5 * * * *";

    [Function("CleanupExpired")]
    public async Task Run([TimerTrigger(Schedule)] TimerInfo timer, CancellationToken cancellationToken)
    {
        try
        {
            await sweeper.SweepAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (StorageUnavailableException e)
        {
            // A failed sweep loses nothing: the next schedule tries again, and reads check ExpiresAt.
            Log.CleanupFailed(logger, e.Message);
            throw;
        }
    }
}
