using AuthFunctions.Http.Protection;

namespace AuthFunctions.Http;

/// <summary>The sample protected function's answer: who called, with which roles.</summary>
public sealed record AdminSampleResponse(string Subject, IReadOnlyList<string> Roles);

/// <summary><c>GET /api/auth/sample/admin</c>: what a team's own admin-only function looks like behind <c>[RequireRole("admin")]</c>.</summary>
public static class AdminSampleEndpoint
{
    public static IResult Result(HttpContext context)
    {
        // RoleGate let the caller in and attached who they are; without it this function would not have run.
        var caller = AppTokenClaims.Of(context) ?? throw new InvalidOperationException("The admin sample ran without RoleGate.");
        return Results.Json(new AdminSampleResponse(caller.Subject, caller.Roles), HttpJsonContext.Default.AdminSampleResponse);
    }
}
