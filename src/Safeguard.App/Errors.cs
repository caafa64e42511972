namespace Safeguard.App;

/// <summary>The record asked for does not exist (HTTP 404).</summary>
public sealed class NotFoundException(string message) : Exception(message);

/// <summary>The record exists but is restricted (UK GDPR Art. 18): kept, and shown only to the data-protection function.</summary>
public sealed class RestrictedException(string message) : Exception(message);

/// <summary>
/// The request breaks a rule of the domain: 409 when the record's state forbids it, else 422. <see cref="Raced"/>: the
/// conflict was another writer committing first (<see cref="Subjects.DatabaseErrors"/>), so the same request, read
/// again, may succeed.
/// </summary>
public sealed class RuleException(string message, bool isConflict, bool raced = false) : Exception(message)
{
    public bool IsConflict { get; } = isConflict;

    public bool Raced { get; } = raced;
}

/// <summary>The request is malformed (HTTP 400); <see cref="Errors"/> maps each field to what is wrong with it.</summary>
public sealed class InputException(IDictionary<string, string[]> errors) : Exception("The request is invalid.")
{
    public IDictionary<string, string[]> Errors { get; } = errors;

    public static InputException For(string field, string message) => new(new Dictionary<string, string[]> { [field] = [message] });
}
