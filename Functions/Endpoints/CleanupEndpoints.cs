using System.Text.Json;
using AuthFunctions.Diagnostics;
using AuthFunctions.Json;
using AuthFunctions.Storage;

namespace AuthFunctions.Endpoints;

/// <summary>
/// The timer function <c>CleanupExpired</c>. Under the Functions host a custom handler receives a timer
/// invocation as <c>POST /CleanupExpired</c> with the invocation payload, and answers with Outputs/Logs/ReturnValue.
/// </summary>
public static class CleanupEndpoints
{
    public const string FunctionName = "CleanupExpired";

    public static void MapCleanupFunction(this IEndpointRouteBuilder app) =>
        app.MapPost("/" + FunctionName, async (HttpContext context, ExpiredRowSweeper sweeper, ILogger<ExpiredRowSweeper> logger) =>
        {
            var response = new InvocationResponse();
            try
            {
                var deleted = await sweeper.SweepAsync(context.RequestAborted).ConfigureAwait(false);
                response.Logs.Add($"Deleted {deleted} expired rows.");
            }
            catch (StorageUnavailableException e)
            {
                // The host retries on the next schedule; a failed sweep loses nothing because reads check ExpiresAt.
                Log.CleanupFailed(logger, e.Message);
                context.Response.StatusCode = StatusCodes.Status500InternalServerError;
                response.Logs.Add("Cleanup failed: storage unavailable.");
            }

            context.Response.ContentType = "application/json";
            await JsonSerializer.SerializeAsync(context.Response.Body, response, HostJsonContext.Default.InvocationResponse).ConfigureAwait(false);
        });
}
