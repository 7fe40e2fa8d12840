// German texts in the informal "du", as an overlay on de.ts: only the strings that address the
// reader (plus the greeting), for installations that choose `german_address = "informal"`
// (schools, youth groups). Lowercase "du" as in today's standard spelling. Everything not listed
// here comes from de.ts unchanged. Only strings; index.ts merges and applies them.
import type { Resources } from './en';

/** Some of a catalogue's strings: any subset of its keys, and no key it does not have. */
export type Overlay<T> = { [K in keyof T]?: T[K] extends string ? string : Overlay<T[K]> };

export const deInformal: Overlay<Resources> = {
  common: {
    copyFailed: 'Kopieren hat nicht geklappt. Bitte markiere den Text und kopiere ihn selbst.',
  },
  errors: {
    network: 'Der Server ist nicht erreichbar. Bitte prüfe deine Verbindung und versuche es erneut.',
    rateLimited: 'Zu viele Versuche. Bitte warte einen Moment und versuche es dann erneut.',
    limitReached: 'Gerade finden so viele Besprechungen mit so vielen Menschen statt, wie dieser Dienst gleichzeitig erlaubt. Bitte versuche es später erneut.',
    unavailable: 'Plenum ist kurz nicht erreichbar. Bitte versuche es gleich noch einmal.',
    forbidden: 'Dazu fehlt dir leider die Berechtigung.',
    unauthorized: 'Bitte melde dich erneut an.',
    internal: 'Auf dem Server ist etwas schiefgegangen. Bitte versuche es später noch einmal.',
    serverBody: 'Bitte prüfe deine Verbindung und versuche es erneut.',
  },
  start: {
    taglineSignIn: 'Einfache Videomeetings im Browser. Melde dich an, um Meetings zu starten und zu planen.',
    unreachable: 'Der Server ist nicht erreichbar. Bitte prüfe deine Verbindung und versuche es erneut.',
  },
  auth: {
    codeHint: 'Der 6-stellige Code aus deiner Authenticator-App oder einer deiner Wiederherstellungscodes.',
    codeAsked: 'Dein Konto ist mit Zwei-Faktor-Authentifizierung geschützt. Bitte gib einen Code ein.',
    codeRequired: 'Bitte gib den Code ein.',
    codeWrong: 'Dieser Code stimmt nicht. Bitte versuche es erneut.',
    accountDisabled: 'Dieses Konto ist gesperrt. Bitte wende dich an deine Administration.',
    emailRequired: 'Bitte gib eine E-Mail-Adresse ein.',
    emailInvalid: 'Bitte gib eine gültige E-Mail-Adresse ein.',
    passwordRequired: 'Bitte gib dein Passwort ein.',
    nameRequired: 'Bitte gib einen Namen ein.',
    setupLead: 'Lege das erste Konto an. Damit verwaltest du diesen Plenum-Server.',
    setupDone: 'Plenum ist bereits eingerichtet. Bitte melde dich an.',
    ssoError: {
      linked_elsewhere: 'Dein Konto ist bereits mit einer anderen Identität beim Anbieter verknüpft.',
    },
    resetLead: 'Gib deine E-Mail-Adresse ein. Wir schicken dir einen Link, mit dem du ein neues Passwort festlegst.',
    resetSent: 'Falls es ein Konto mit dieser Adresse gibt, bekommst du gleich eine E-Mail mit einem Link.',
    resetDone: 'Dein Passwort wurde geändert. Du kannst dich jetzt anmelden.',
    resetTokenInvalid: 'Dieser Link ist nicht mehr gültig. Bitte fordere einen neuen an.',
  },
  dashboard: {
    greeting: 'Hallo, {{name}}',
    lead: 'Das steht bei dir an.',
    startBody: 'Öffne mit einem Klick einen neuen Raum und teile den Link mit den Menschen, die du treffen möchtest.',
    noFavourites: 'Markiere Meetings mit dem Stern, dann findest du sie hier.',
  },
  meetings: {
    empty: {
      all: 'Noch keine Meetings. Plane dein erstes.',
      mine: 'Du hast noch keine Meetings geplant.',
      invited: 'Du wurdest noch zu keinem Meeting eingeladen.',
    },
    byYou: 'von dir',
    agendaLead: 'Deine Meetings in den nächsten {{days}} Tagen.',
  },
  wizard: {
    passwordKeepHint: 'Dieses Meeting hat ein Passwort. Lass das Feld leer, um es zu behalten, oder gib ein neues ein.',
    participantsLead:
      'Lade Personen aus dem Adressbuch oder per E-Mail ein. Die Einladungen werden verschickt, sobald du das Meeting erstellst. Du kannst auch später noch einladen.',
    errors: {
      required: 'Bitte fülle dieses Feld aus.',
      tooLong: 'Bitte verwende höchstens {{max}} Zeichen.',
      invalidDate: 'Bitte gib ein gültiges Datum ein.',
      invalidTime: 'Bitte gib eine gültige Uhrzeit ein.',
      invalidTimeZone: 'Bitte wähle eine Zeitzone aus der Liste.',
      intervalRange: 'Bitte gib eine Zahl von 1 bis 99 ein.',
      weekdaysRequired: 'Bitte wähle mindestens einen Tag.',
      countRange: 'Bitte gib eine Zahl von 1 bis 1000 ein.',
    },
  },
  invite: {
    emailRequired: 'Bitte gib eine E-Mail-Adresse ein.',
  },
  details: {
    notFoundBody: 'Vielleicht wurde es gelöscht, oder du bist nicht eingeladen.',
    you: '{{name}} (du)',
    yourRole: 'Deine Rolle',
    invitedBy: '{{name}} hat dich zu diesem Meeting eingeladen.',
    accepted: 'Du hast zugesagt.',
    declined: 'Du hast abgesagt.',
    cancelOccurrenceBody: 'Der Termin wird für alle Eingeladenen abgesagt. Du kannst ihn später wiederherstellen.',
    backgroundWrongType: 'Bitte wähle ein PNG-, JPEG- oder WebP-Bild.',
    backgroundsFull: 'Ein Meeting kann höchstens 8 Bilder haben. Entferne zuerst eines.',
    backgroundFailed: 'Das Bild konnte nicht hinzugefügt werden. Bitte versuche es erneut.',
  },
  guestLinks: {
    expiryPast: 'Bitte wähle ein Datum in der Zukunft.',
    created: 'Dein neuer Gast-Link',
    onlyOnce: 'Kopiere den Link jetzt: Er wird nur dieses eine Mal angezeigt.',
  },
  settings: {
    languageHint: 'Automatisch verwendet die Sprache deines Browsers.',
    passwordChanged: 'Dein Passwort wurde geändert.',
    totpLead: 'Ein Code aus einer Authenticator-App auf deinem Handy schützt dein Konto, auch wenn jemand dein Passwort kennt.',
    totpScan: 'Scanne diesen QR-Code mit deiner Authenticator-App.',
    qrAlt: 'QR-Code für deine Authenticator-App',
    totpManual: 'Oder gib diesen Schlüssel in der App ein:',
    totpEnterCode: 'Gib den 6-stelligen Code ein, den die App anzeigt.',
    // "Sie werden …" (= they, the codes) becomes "Die Codes werden …" so no "Sie" is left.
    recoveryLead:
      'Bewahre diese Wiederherstellungscodes sicher auf. Jeder funktioniert einmal, falls du deine App nicht nutzen kannst. Die Codes werden nur dieses eine Mal angezeigt.',
    totpDisableHint: 'Zum Ausschalten gib einen aktuellen Code aus deiner App oder einen Wiederherstellungscode ein.',
  },
  tokens: {
    lead: 'Mit Tokens können Programme die Plenum-API in deinem Namen nutzen.',
    none: 'Du hast keine Tokens.',
    nameHint: 'Damit du ihn später wiedererkennst, zum Beispiel „Kalender-Abgleich“.',
    nameRequired: 'Bitte gib einen Namen ein.',
    scopesRequired: 'Bitte wähle mindestens eine Berechtigung.',
    onlyOnce: 'Kopiere den Token jetzt: Er wird nur dieses eine Mal angezeigt.',
  },
  admin: {
    you: '(du)',
  },
  room: {
    notFoundBody: 'Vielleicht ist der Link falsch oder das Meeting ist vorbei. Du kannst ein neues starten.',
    unreachableBody: 'Bitte prüfe deine Verbindung und versuche es erneut.',
    invitedOnlyBody:
      'Wenn du eingeladen wurdest, melde dich an, um teilzunehmen. Gäste brauchen den Gast-Link, den sie von der Gastgeberin oder dem Gastgeber erhalten haben.',
  },
  lobby: {
    subtitle: 'Prüfe Kamera und Mikrofon und gib deinen Namen ein.',
    whyName: 'Gib deinen Namen ein, um beizutreten.',
    whyPassword: 'Gib das Meeting-Passwort ein, um beizutreten.',
    preview: 'Vorschau deiner Kamera',
    previewOff: 'Deine Kamera ist aus',
    mediaHint:
      'Deine Kamera oder dein Mikrofon lässt sich nicht verwenden. Du kannst trotzdem beitreten und zuhören; damit man dich sieht und hört, erlaube den Zugriff in den Website-Einstellungen deines Browsers.',
    joinFailedGeneric: 'Beitreten hat nicht geklappt. Bitte versuche es erneut.',
    passwordHint: 'Dieses Meeting ist geschützt. Gib das Passwort ein, das du mit der Einladung bekommen hast.',
    passwordOptionalHint: 'Nur nötig, wenn du nicht eingeladen bist.',
    passwordMissing: 'Bitte gib das Meeting-Passwort ein.',
    guestLinkInvalid: 'Dieser Gast-Link ist abgelaufen oder wurde widerrufen. Bitte frag die Gastgeberin oder den Gastgeber nach einem neuen Link.',
    invitedOnly: 'Dieses Meeting ist nur für Eingeladene. Bitte öffne deinen Gast-Link oder melde dich an.',
  },
  meeting: {
    you: '(du)',
    videoPausedBandwidth: 'Video pausiert: Deine Verbindung ist zu langsam',
    youAreSharing: 'Du teilst deinen Bildschirm.',
    connection: {
      fairSelf: 'Deine Verbindung ist unbeständig: Andere sehen oder hören dich womöglich mit kurzen Aussetzern.',
      poorSelf: 'Deine Verbindung ist schwach: Andere sehen oder hören dich womöglich nicht gut.',
    },
    layoutWhilePresenting: 'Solange jemand den Bildschirm teilt, wird er groß gezeigt; danach gilt wieder deine Ansicht.',
    aloneTitle: 'Du bist noch allein hier',
    aloneBody: 'Teile den Link, damit andere beitreten können.',
  },
  meetingSettings: {
    problem: {
      microphone: {
        denied: 'Der Browser blockiert das Mikrofon. Erlaube es in den Website-Einstellungen (Schloss- oder Kamerasymbol neben der Adresse).',
        not_found: 'Es wurde kein Mikrofon gefunden. Schließe eines an oder wähle ein anderes.',
        unavailable: 'Das Mikrofon ist belegt oder funktioniert nicht. Schließe andere Programme, die es nutzen, oder wähle ein anderes.',
      },
      camera: {
        denied: 'Der Browser blockiert die Kamera. Erlaube sie in den Website-Einstellungen (Schloss- oder Kamerasymbol neben der Adresse).',
        not_found: 'Es wurde keine Kamera gefunden. Schließe eine an oder wähle eine andere.',
        unavailable: 'Die Kamera ist belegt oder funktioniert nicht. Schließe andere Programme, die sie nutzen, oder wähle eine andere.',
      },
    },
  },
  background: {
    unavailable: 'Hintergründe funktionieren in diesem Browser nicht. Deine Kamera wird unverändert gezeigt.',
  },
  shortcuts: {
    notWhileTyping: 'Während du in ein Feld schreibst, wirken die Tastenkürzel nicht.',
  },
  chat: {
    aboutPeople: 'Nur du und {{names}} seht diese Nachrichten.',
    you: 'Du',
    choosePeople: 'Bitte wähle mindestens eine Person.',
    error: {
      rate_limited: 'Du sendest zu schnell. Bitte warte einen Moment und sende dann erneut.',
      forbidden: 'Du kannst hier gerade nicht schreiben. Vielleicht wurde der Chat ausgeschaltet.',
      too_long: 'Eine Nachricht darf höchstens 2.000 Zeichen haben. Bitte kürze sie.',
      not_connected: 'Keine Verbindung. Die Nachricht wurde nicht gesendet; bitte versuche es gleich noch einmal.',
    },
  },
  timer: {
    youAreReady: 'Du bist bereit.',
    problem: {
      not_a_number: 'Bitte gib ganze Minuten und Sekunden ein.',
    },
    announce: {
      readyCheck: 'Bitte bestätige, dass du bereit bist.',
    },
  },
  polls: {
    form: {
      problem: {
        topicEmpty: 'Bitte gib eine Frage ein.',
        answerEmpty: 'Bitte fülle diese Antwort aus oder entferne sie.',
        duration: 'Bitte gib ganze Minuten zwischen 1 und 1440 ein.',
      },
    },
    card: {
      yourAnswer: 'Deine Antwort: {{answer}}',
      noChoice: 'Bitte wähle zuerst eine Antwort.',
    },
    results: {
      yours: '(deine Antwort)',
    },
    error: {
      startRefused: 'Die Umfrage konnte nicht gestartet werden. Bitte prüfe Frage und Antworten.',
      tooManyRunning: 'Es können höchstens 5 Umfragen gleichzeitig laufen. Bitte beende zuerst eine.',
      voteForbidden: 'Du kannst bei dieser Umfrage nicht antworten.',
      voteConflict: 'Du hast bei dieser Umfrage schon geantwortet.',
      voteRefused: 'Deine Antwort konnte nicht angenommen werden. Vielleicht ist die Umfrage schon beendet.',
      notConnected: 'Keine Verbindung. Bitte warte einen Moment und versuche es erneut.',
      failed: 'Das hat nicht geklappt. Bitte versuche es erneut.',
    },
    meeting: {
      lead: 'Bereite hier Umfragen vor und starte sie im Meeting mit einem Klick.',
      leadModerator: 'Umfragen, die die Gastgeberin oder der Gastgeber für dieses Meeting vorbereitet hat. Im Meeting startest du sie mit einem Klick.',
      full: 'Ein Meeting kann höchstens 50 vorbereitete Umfragen haben. Bitte lösche zuerst eine.',
      topicRefused: 'Bitte prüfe die Frage: 1 bis 300 Zeichen.',
      answersRefused: 'Bitte prüfe die Antworten: 2 bis 12, jede höchstens 100 Zeichen, keine doppelt.',
      secondsRefused: 'Bitte wähle eine Dauer zwischen 1 Minute und 24 Stunden.',
      refused: 'Die Umfrage konnte nicht gespeichert werden. Bitte prüfe sie und versuche es erneut.',
    },
  },
  votes: {
    unseen_one: '{{count}} Abstimmung wartet auf deine Stimme',
    unseen_other: '{{count}} Abstimmungen warten auf deine Stimme',
    form: {
      problem: {
        topicEmpty: 'Bitte gib den Antrag ein.',
        optionEmpty: 'Bitte fülle diese Möglichkeit aus oder entferne sie.',
        roles: 'Bitte wähle mindestens eine Rolle.',
        groups: 'Bitte gib mindestens eine Gruppe ein.',
        people: 'Bitte wähle mindestens eine Person.',
      },
    },
    card: {
      choose: 'Wähle eine Möglichkeit. Eine abgegebene Stimme lässt sich nicht mehr ändern.',
      secretNote: 'Die Abstimmung ist geheim: Niemand sieht, wie du stimmst.',
      namedNote: 'Die Abstimmung ist namentlich: Dein Name und deine Wahl werden festgehalten.',
      noChoice: 'Bitte wähle zuerst eine Möglichkeit.',
      yourVote: 'Deine Stimme: {{option}}',
      voted: 'Du hast abgestimmt.',
      yours: '(deine Stimme)',
      receiptHeading: 'Dein Beleg',
      receiptExplain: 'Bewahre diesen Beleg auf: Damit kannst du prüfen, dass deine Stimme im veröffentlichten Protokoll steht.',
      reportSent: 'Danke. Die Moderation hat deine Meldung erhalten.',
    },
    cancel: {
      body: 'Die Abstimmung endet ohne Ergebnis. Deine Begründung wird im Protokoll festgehalten und allen angezeigt.',
      reasonEmpty: 'Bitte gib eine Begründung an.',
    },
    report: {
      lead: 'Die Moderation sieht deine Meldung sofort und kann die Abstimmung wenn nötig abbrechen.',
      textTooLong: 'Bitte schreib höchstens 500 Zeichen.',
    },
    error: {
      startRefused: 'Die Abstimmung konnte nicht gestartet werden. Bitte prüfe Antrag, Möglichkeiten und Stimmberechtigte.',
      castForbidden: 'Du bist bei dieser Abstimmung nicht stimmberechtigt.',
      castConflict: 'Du hast bereits abgestimmt.',
      castRefused: 'Deine Stimme konnte nicht angenommen werden. Vielleicht ist die Abstimmung schon beendet.',
      reportRefused: 'Deine Meldung konnte nicht gesendet werden. Vielleicht ist die Abstimmung schon beendet.',
      notConnected: 'Keine Verbindung. Bitte warte einen Moment und versuche es erneut.',
      failed: 'Das hat nicht geklappt. Bitte versuche es erneut.',
    },
    meeting: {
      lead: 'Bereite hier verbindliche Abstimmungen vor und starte sie im Meeting mit einem Klick.',
      leadModerator: 'Abstimmungen, die die Gastgeberin oder der Gastgeber für dieses Meeting vorbereitet hat. Im Meeting startest du sie mit einem Klick.',
      full: 'Ein Meeting kann höchstens 50 vorbereitete Abstimmungen haben. Bitte lösche zuerst eine.',
      topicRefused: 'Bitte prüfe den Antrag: 1 bis 300 Zeichen.',
      optionsRefused: 'Bitte prüfe die Möglichkeiten: 2 bis 12, jede höchstens 100 Zeichen, keine doppelt.',
      votersRefused: 'Bitte prüfe, wer stimmberechtigt ist.',
      secondsRefused: 'Bitte wähle eine Dauer zwischen 1 Minute und 24 Stunden.',
      refused: 'Die Abstimmung konnte nicht gespeichert werden. Bitte prüfe sie und versuche es erneut.',
    },
  },
  coffeeBreak: {
    hint: 'Deine Kamera und dein Mikrofon sind aus. Du hörst die anderen weiterhin.',
    minutesProblem: 'Bitte gib 1 bis 120 Minuten ein.',
  },
  notices: {
    muted: 'Die Moderation hat dein Mikrofon ausgeschaltet.',
    mutedBy: '{{name}} hat dein Mikrofon ausgeschaltet.',
    unmuteRequested: 'Die Moderation bittet dich, dein Mikrofon einzuschalten.',
    unmuteRequestedBy: '{{name}} bittet dich, dein Mikrofon einzuschalten.',
    videoStopped: 'Die Moderation hat deine Kamera ausgeschaltet.',
    videoStoppedBy: '{{name}} hat deine Kamera ausgeschaltet.',
    microphoneRestricted: 'Mikrofone sind eingeschränkt – bitte heb die Hand',
    timeUp: 'Deine Redezeit ist abgelaufen. Bitte komm zum Schluss.',
    screenStopped: 'Die Moderation hat deine Bildschirmfreigabe beendet.',
    screenStoppedBy: '{{name}} hat deine Bildschirmfreigabe beendet.',
    screenFailed: 'Dein Bildschirm konnte nicht geteilt werden. Bitte versuche es erneut oder erlaube die Bildschirmfreigabe im Browser.',
    microphoneBlocked: 'Dein Browser erlaubt Plenum das Mikrofon nicht. Erlaube es in den Website-Einstellungen oder wähle in den Einstellungen ein anderes Mikrofon.',
    cameraBlocked: 'Dein Browser erlaubt Plenum die Kamera nicht. Erlaube sie in den Website-Einstellungen oder wähle in den Einstellungen eine andere Kamera.',
  },
  breakout: {
    roomCountProblem: 'Bitte gib eine Zahl von 1 bis 50 ein.',
    roomSizeProblem: 'Bitte gib eine Zahl von 1 bis 999 ein.',
    tooManyRooms: 'Das wären mehr als 50 Räume. Bitte wähle mehr Personen pro Raum.',
    noGroups: 'Noch ist hier niemand in einer Gruppe. Gruppen vergibst du in der Teilnehmendenliste (Aktionen, dann Gruppen …).',
    minutesProblem: 'Bitte gib 1 bis 1440 Minuten ein.',
    meeting: {
      lead: 'Bereite hier Gruppenräume vor: wie Personen verteilt werden, wie viele Räume, ihre Namen und die Dauer. Im Meeting verwendet die Moderation eine Vorlage mit einem Klick.',
      leadModerator: 'Vorlagen für die Gruppenräume dieses Meetings, vorbereitet von der Gastgeberin oder dem Gastgeber. Im Meeting verwendest du sie im Bereich „Gruppenräume“ mit einem Klick.',
      full: 'Ein Meeting kann höchstens 50 Vorlagen für Gruppenräume haben. Bitte lösche zuerst eine.',
      nameProblem: 'Bitte gib der Vorlage einen Namen mit höchstens 60 Zeichen.',
      namesProblem: 'Bitte prüfe die Raumnamen: höchstens 50, jeder mit höchstens 60 Zeichen.',
      refused: 'Die Vorlage konnte nicht gespeichert werden. Bitte prüfe sie und versuche es erneut.',
    },
    messageProblem: 'Bitte schreib eine Nachricht mit höchstens 500 Zeichen.',
    youAreHere: 'Du bist hier',
    youAreIn: 'Du bist in {{room}}',
    youAreInMain: 'Du bist im Hauptraum',
    back: 'Du bist wieder im Hauptraum',
  },
  waiting: {
    hint: 'Du trittst bei, sobald die Moderation dich einlässt.',
  },
  ended: {
    leftTitle: 'Du hast das Meeting verlassen',
    leftBody: 'Vielen Dank für deine Teilnahme.',
    disconnectedBody: 'Die Verbindung war zu lange unterbrochen. Du kannst erneut beitreten.',
    replacedTitle: 'Du bist in einem anderen Fenster beigetreten',
    replacedBody: 'Dieses Fenster wurde getrennt, weil du dem Meeting an anderer Stelle beigetreten bist.',
    removedTitle: 'Deine Teilnahme wurde beendet',
    removedBody: 'Du bist nicht mehr im Meeting. Du kannst erneut beitreten.',
    failedBody: 'Das Meeting hat die Verbindung nicht angenommen. Bitte versuche es erneut.',
    removedByModeratorBody: 'Die Moderation hat deine Teilnahme beendet. Du kannst erneut beitreten.',
    bannedBody: 'Die Moderation hat deine Teilnahme an diesem Meeting beendet. Ein erneuter Beitritt ist nicht möglich.',
    notAdmittedBody: 'Die Moderation hat dir den Zutritt zum Meeting nicht gewährt.',
    meetingEndedBody: 'Die Moderation hat das Meeting für alle beendet. Vielen Dank für deine Teilnahme.',
    roomLockedBody: 'Gerade kommt nur die Moderation herein. Bitte versuche es später erneut.',
  },
};
