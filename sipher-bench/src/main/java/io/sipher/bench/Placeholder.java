package io.sipher.bench;

class Placeholder {}
