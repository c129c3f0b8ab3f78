// Progressive enhancement: suggestions for inputs with data-suggest-url (see sources/fields.py).
