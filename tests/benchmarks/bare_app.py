"""A bare Flask app with the route shapes the benchmarks compare claimdesk with: it parses the
JSON body and answers a small JSON, doing nothing else (the ceiling of server + HTTP + Flask)."""
from flask import Flask, jsonify, request

app = Flask("bare")


@app.post("/api/queue/decide")
def decide():
    body = request.get_json()
    return jsonify(decided={"id": body["claim_id"], "status": body["status"]}, next=None)


@app.get("/")
def index():
    return "bare"
