namespace AuthFunctions.Storage;

/// <summary>A table whose rows carry <c>ExpiresAt</c>; each feature registers its own, and the sweep deletes what has expired in all of them.</summary>
public sealed record ExpiringTable(string Name);
