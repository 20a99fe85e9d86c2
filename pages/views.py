from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.shortcuts import render


def home(request):
    return render(request, "pages/home.html")


def health(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return JsonResponse({"statut": "indisponible", "base_de_donnees": False}, status=503)
    return JsonResponse({"statut": "ok", "base_de_donnees": True})
