namespace AuthFunctions.SignIn;

/// <summary>The parameters of a provider's redirect to <c>/api/auth/{id}/callback</c>.</summary>
public sealed record CallbackRequest(string? State, string? Code, string? Error, string? Iss);
