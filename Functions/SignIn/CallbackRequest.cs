namespace AuthFunctions.SignIn;

/// <summary>
/// The parameters of a provider's redirect to <c>/api/auth/{id}/callback</c>. <paramref name="Fields"/> are the other
/// callback fields the provider's catalog entry asks for (<c>authorize.callbackFields</c>: VK ID's device_id, Apple's
/// user, which counts only from a form_post body).
/// </summary>
public sealed record CallbackRequest(string? State, string? Code, string? Error, string? Iss, IReadOnlyDictionary<string, string>? Fields = null);
