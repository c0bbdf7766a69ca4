namespace AuthFunctions.SignIn;

/// <summary>
/// The parameters of a provider's redirect to <c>/api/auth/{id}/callback</c>. <paramref name="User"/> is the raw
/// <c>user</c> field of a form_post body (Apple posts the name there once); it is never read from a query string.
/// </summary>
public sealed record CallbackRequest(string? State, string? Code, string? Error, string? Iss, string? User = null);
