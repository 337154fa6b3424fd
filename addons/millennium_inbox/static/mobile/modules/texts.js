/* Inbox mobile app: texts (Polish first: the words of the help page) (a module of app.js). */

const TEXTS = {
    pl: {
        title: "Inbox", pairTitle: "Sparuj telefon",
        pairHelp: "W Odoo otwórz Ustawienia lub Preferencje, Aplikacja mobilna, kliknij „Wygeneruj kod do parowania” i zeskanuj kod QR albo wpisz kod tutaj.",
        code: "Kod do parowania", deviceName: "Nazwa telefonu", pairButton: "Sparuj",
        secureTitle: "Zabezpiecz aplikację", pinHelp: "Ustaw czterocyfrowy PIN: wprowadź go dwukrotnie lub skorzystaj z opcji skanera linii papilarnych.",
        pin: "PIN", pinAgain: "Powtórz PIN", pinButton: "Ustaw PIN", useFingerprint: "Użyj skanera linii papilarnych",
        unlockTitle: "Odblokuj", unlockButton: "Odblokuj", unlockFingerprint: "Odblokuj skanerem linii papilarnych",
        addExpense: "Dodaj wydatek", save: "Zapisz", cancel: "Anuluj", uploads: "Wysłane dokumenty",
        refresh: "Odśwież", forget: "Odłącz ten telefon",
        lockedTitle: "Telefon jest odłączony", lockedHelp: "Wygeneruj w Odoo nowy kod do parowania i sparuj telefon ponownie.",
        pairAgain: "Sparuj ponownie", online: "w sieci", offline: "bez sieci",
        sendNow: "Wyślij teraz", waitingTitle: "Czekają na wysłanie",
        checkHelp: "Potwierdzenie wgrania zdjęcia otrzymasz mailem. Aby sprawdzić, czy wszystkie faktury się wgrały, wejdź w systemie w zakładkę KOSZTY → INBOX lub WSZYSTKIE.",
        takePhoto: "Zrób zdjęcie", chooseFile: "Wybierz zdjęcie lub plik PDF",
        cropHelp: "Przeciągnij palcem po zdjęciu, aby zaznaczyć fakturę, i wybierz „Przytnij”.",
        rotate: "Obróć", crop: "Przytnij", retake: "Powtórz zdjęcie", addPage: "Dodaj stronę",
        captureTitle: "Dodaj wydatek: strona %(n)s", page: "Strona %(n)s", removePage: "Usuń stronę %(n)s",
        unpairSendFirst: "Najpierw wyślij", unpairDelete: "Usuń zdjęcia i odłącz", unpairConfirm: "Odłącz",
        unpairQuestion: "Na tym telefonie czeka na wysłanie: %(photos)s. Co z nimi zrobić przed odłączeniem?",
        unpairEmpty: "Odłączyć ten telefon? Potrzebny będzie nowy kod do parowania.",
        unpairAfterSend: "Telefon zostanie odłączony, gdy wszystkie zdjęcia zostaną wysłane.",
        stateWaiting: "czeka", stateSending: "wysyłanie %(p)s%", stateRefused: "odrzucone", deleteItem: "Usuń",
        blockOffline: "Brak sieci. Czeka: %(photos)s. Wyślą się same po powrocie sieci.",
        blockUnlock: "Sesja wygasła. Wpisz PIN, aby wysłać czekające zdjęcia (%(n)s).",
        blockRetry: "Nie udało się wysłać (%(reason)s). Ponowna próba za %(s)s s.",
        blockSending: "Wysyłanie: %(photos)s…",
        blockReceiving: "Serwer jeszcze zapisuje: %(photos)s. Potwierdzenie za chwilę.",
        stateReceiving: "zapisywanie na serwerze",
        noConnection: "brak połączenia z serwerem", serverError: "błąd serwera %(status)s",
        foreignText: "Zdjęcia z poprzedniego parowania tego telefonu: %(n)s. Nie zostaną wysłane.",
        deleteForeign: "Usuń zdjęcia z poprzedniego parowania",
        expenseName: "Wydatek %(when)s", pagesCount: "stron: %(n)s",
        sent: "Wysłano: %(name)s", paired: "Połączono z %(company)s.", pinMismatch: "Podane PIN-y się różnią.",
        pinShape: "PIN musi mieć cztery cyfry.", networkError: "Brak połączenia z serwerem. Spróbuj ponownie.",
        attemptsLeft: "Błędny PIN. Pozostało prób: %(n)s", empty: "Nic jeszcze nie wysłano.",
        listFrom: "Bez sieci: lista z %(when)s.", listUnknown: "Bez sieci: lista wysłanych będzie dostępna po powrocie sieci.",
        localLocked: "Za dużo błędnych PIN-ów. Połącz telefon z siecią, aby go odblokować.",
        localUnavailable: "Bez sieci aplikację odblokujesz tylko PIN-em ustawionym na tym telefonie. Połącz się z siecią.",
        unlockWaiting: "Czeka na wysłanie: %(photos)s.",
        savedQueued: "Zapisano. Zdjęcie wyśle się samo.",
        cameraUnavailable: "Aparat nie jest dostępny: wybierz zdjęcie lub plik.",
        tooManyPages: "Jeden wydatek może mieć najwyżej %(n)s stron.",
        sendFailedWrongOwner: "Tych zdjęć nie można wysłać: zrobiono je pod innym parowaniem.",
        photo1: "%(n)s zdjęcie", photoFew: "%(n)s zdjęcia", photoMany: "%(n)s zdjęć",
    },
    en: {
        title: "Inbox", pairTitle: "Pair this phone",
        pairHelp: "In Odoo open Settings or Preferences, Mobile app, click \"Generate pairing code\" and scan the QR code, or type the code here.",
        code: "Pairing code", deviceName: "Name of this phone", pairButton: "Pair",
        secureTitle: "Secure the app", pinHelp: "Set a four-digit PIN: enter it twice, or use the fingerprint scanner.",
        pin: "PIN", pinAgain: "PIN again", pinButton: "Set PIN", useFingerprint: "Use the fingerprint scanner",
        unlockTitle: "Unlock", unlockButton: "Unlock", unlockFingerprint: "Unlock with fingerprint",
        addExpense: "Add expense", save: "Save", cancel: "Cancel", uploads: "Sent documents",
        refresh: "Refresh", forget: "Disconnect this phone",
        lockedTitle: "This phone is disconnected", lockedHelp: "Generate a new pairing code in Odoo and pair the phone again.",
        pairAgain: "Pair again", online: "online", offline: "offline",
        sendNow: "Send now", waitingTitle: "Waiting to be sent",
        checkHelp: "You get an e-mail when a photo arrives. To check that all invoices arrived, open COSTS → INBOX or ALL.",
        takePhoto: "Take photo", chooseFile: "Choose a photo or a PDF file",
        cropHelp: "Drag across the photo to frame the invoice, then choose \"Crop\".",
        rotate: "Rotate", crop: "Crop", retake: "Retake", addPage: "Add page",
        captureTitle: "Add expense: page %(n)s", page: "Page %(n)s", removePage: "Remove page %(n)s",
        unpairSendFirst: "Send them first", unpairDelete: "Delete photos and disconnect", unpairConfirm: "Disconnect",
        unpairQuestion: "Waiting to be sent on this phone: %(photos)s. What should happen to them before disconnecting?",
        unpairEmpty: "Disconnect this phone? You will need a new pairing code.",
        unpairAfterSend: "The phone will be disconnected once all photos are sent.",
        stateWaiting: "waiting", stateSending: "sending %(p)s%", stateRefused: "refused", deleteItem: "Delete",
        blockOffline: "No network. Waiting: %(photos)s. They are sent by themselves when the network is back.",
        blockUnlock: "Your session has ended. Enter your PIN to send the waiting photos (%(n)s).",
        blockRetry: "Could not send (%(reason)s). Retrying in %(s)s s.",
        blockSending: "Sending: %(photos)s…",
        blockReceiving: "The server is still storing: %(photos)s. It confirms shortly.",
        stateReceiving: "being stored on the server",
        noConnection: "no connection to the server", serverError: "server error %(status)s",
        foreignText: "Photos from an earlier pairing of this phone: %(n)s. They will not be sent.",
        deleteForeign: "Delete photos of the earlier pairing",
        expenseName: "Expense %(when)s", pagesCount: "pages: %(n)s",
        sent: "Sent: %(name)s", paired: "Paired with %(company)s.", pinMismatch: "The two PINs are different.",
        pinShape: "The PIN must be four digits.", networkError: "No connection to the server. Try again.",
        attemptsLeft: "Wrong PIN. Attempts left: %(n)s", empty: "Nothing sent yet.",
        listFrom: "Offline: list as of %(when)s.", listUnknown: "Offline: the list of sent documents comes back with the network.",
        localLocked: "Too many wrong PINs. Connect the phone to the network to unlock it.",
        localUnavailable: "Offline, the app unlocks only with a PIN set on this phone. Connect to the network.",
        unlockWaiting: "Waiting to be sent: %(photos)s.",
        savedQueued: "Saved. The photo is sent by itself.",
        cameraUnavailable: "The camera is not available: choose a photo or a file.",
        tooManyPages: "One expense can have at most %(n)s pages.",
        sendFailedWrongOwner: "These photos cannot be sent: they were taken under another pairing.",
        photo1: "%(n)s photo", photoFew: "%(n)s photos", photoMany: "%(n)s photos",
    },
};
export const LANG = (navigator.language || "pl").toLowerCase().startsWith("en") ? "en" : "pl";

export function t(key, params) {
    let text = TEXTS[LANG][key] || TEXTS.pl[key] || key;
    Object.entries(params || {}).forEach(([name, value]) => {
        text = text.split(`%(${name})s`).join(String(value));
    });
    return text;
}

export function photos(n) {
    // Polish plural: 1 zdjęcie, 2-4 zdjęcia (not 12-14), else zdjęć
    const few = n % 10 >= 2 && n % 10 <= 4 && (n % 100 < 12 || n % 100 > 14);
    return t(n === 1 ? "photo1" : few ? "photoFew" : "photoMany", { n });
}

export const $ = (id) => document.getElementById(id);
