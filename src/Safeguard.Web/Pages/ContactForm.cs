using Safeguard.App.Children;

namespace Safeguard.Web.Pages;

/// <summary>
/// A page with the form for a contact with a child (the voice of the child): the child's record and the incident page
/// share its fields (<c>_ContactFields</c>), as typed, so nothing typed is lost on a refusal.
/// </summary>
public interface IContactForm
{
    When At { get; }
    string? Seen { get; }
    string? SeenBy { get; }
    string? SpokenToAlone { get; }
    string? Said { get; }
    string? Demeanour { get; }
    string? ReasonNotSeen { get; }

    string? ErrorFor(string field);
}

public static class ContactForms
{
    /// <summary>
    /// What the form says, as the use case takes it; <paramref name="incident"/> is the incident the contact is about.
    /// The time, typed as a date and a time in <paramref name="zone"/>, is checked here, its error in plain words.
    /// </summary>
    public static ContactRequest Request(IContactForm form, string? incident, NodaTime.DateTimeZone zone, Dictionary<string, string[]> errors) =>
        new(form.At.Read("at", "the time of the contact", zone, errors), incident, YesNo(form.Seen), form.SeenBy, YesNo(form.SpokenToAlone), form.Said, form.Demeanour,
            form.ReasonNotSeen);

    private static bool? YesNo(string? value) => value switch { "yes" => true, "no" => false, _ => null };
}
